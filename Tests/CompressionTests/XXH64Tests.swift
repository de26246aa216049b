import Compression
import Testing

@Suite struct XXH64Tests {
    @Test func referenceVectors() {
        #expect(XXH64.hash([]) == 0xEF46_DB37_51D8_E999)
        #expect(XXH64.hash(Array("a".utf8)) == 0xD24E_C4F1_A98C_6E5B)
        #expect(XXH64.hash(Array("abc".utf8)) == 0x44BC_2CF5_AD77_0999)
        #expect(XXH64.hash(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x0B24_2D36_1FDA_71BC)
        #expect(XXH64.hash(Array("Nobody inspects the spammish repetition".utf8)) == 0xFBCE_A83C_8A37_8BF1)
    }

    /// Values from Python's `xxhash` 4.1.0 for bytes `(i*7+3) & 0xff`: every tail path (8-, 4- and 1-byte)
    /// and the 32-byte stripes, with seed 0 and a non-zero seed.
    @Test(
        arguments: [
            (1, 0x1F25_C8D0_BC1F_4BB6, 0x7982_6BCD_749D_267A),
            (3, 0x31D2_363F_52E5_64C9, 0x78EF_D775_75E2_6575),
            (4, 0x9BB6_4B7D_66EE_9FDA, 0x6F0A_6C97_D68B_F353),
            (5, 0xC760_8EFD_DB70_51FE, 0xA677_B535_C22B_67A5),
            (7, 0x9A7B_1499_59CE_60D8, 0xD97E_DE93_C9D6_6A0D),
            (8, 0xDAB9_9D95_C6F9_0092, 0xA2F1_E284_37A7_8A1B),
            (9, 0x170B_B6BF_975B_4C02, 0x9C9A_3CD8_3532_D84F),
            (15, 0x1B47_CB82_43CC_8E32, 0xE2EC_50A5_44FA_EC61),
            (16, 0x4348_5023_2B78_7BE2, 0x9335_1859_A728_6376),
            (31, 0xA2AA_5F33_CC4A_6119, 0x7554_3727_1D1D_0A84),
            (32, 0x23C3_C17E_F790_FD97, 0xBF62_4B93_2C09_0428),
            (33, 0x50A7_CFC7_BA58_8784, 0x7ACE_AF1E_9D34_EA35),
            (63, 0x5E3E_54B4_31C7_493C, 0x2C8D_DCE5_C85D_0D9D),
            (64, 0x0EB6_4B3E_F6EE_B01F, 0x4AF3_41F1_4E3A_6FC9),
            (65, 0xA383_B724_B2BD_12F1, 0x8E9E_5806_4540_0102),
            (100, 0xA61F_8D4C_170F_E531, 0xF6D8_F65C_625A_BB4F),
            (1000, 0x5F23_5FA0_33F1_A3FB, 0x442A_CD0A_822E_86F6),
            (4097, 0xDA8D_1842_07B3_2A00, 0xF586_C577_18A0_A8BE),
        ] as [(Int, UInt64, UInt64)])
    func pythonXXHashVectors(count: Int, seedZero: UInt64, seeded: UInt64) {
        let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) }
        #expect(XXH64.hash(bytes) == seedZero)
        #expect(XXH64.hash(bytes, seed: 0x9E37_79B9_7F4A_7C15) == seeded)
    }

    @Test func hashesAnUnalignedSlice() {
        let bytes = (0..<101).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) }
        let tail = bytes.withUnsafeBytes { XXH64.hash(UnsafeRawBufferPointer(rebasing: $0[1...])) }
        #expect(tail == XXH64.hash(Array(bytes[1...])))
    }
}
