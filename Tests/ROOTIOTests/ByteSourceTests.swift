// ROOTIO tests: the byte sources — local files, and root:// and http:// from a real XRootD server — give the
// bytes of the file they read, and fail with the texts users know from xrdcp, uproot and the server.

import Foundation
import TestSupport
import Testing

@testable import ROOTIO

/// Ranges at the start, in the middle, across a kXR_readv chunk limit, and up to the last byte of a 5 MB file.
private let singleRanges = [
    ByteRange(offset: 0, count: 1), ByteRange(offset: 0, count: 4096), ByteRange(offset: 1_234_567, count: 100_000),
    ByteRange(offset: 2_000_000, count: 3_000_000), ByteRange(offset: 4_999_990, count: 10),
]

/// More ranges than one kXR_readv request holds (1024), one range longer than a readv chunk, an empty one, and
/// ranges out of order and overlapping.
private let vectoredRanges: [ByteRange] =
    stride(from: 0, to: 1500, by: 1).map { ByteRange(offset: Int64($0) * 3301, count: 97) }
    + [
        ByteRange(offset: 1_000_000, count: 3_000_000), ByteRange(offset: 10, count: 0),
        ByteRange(offset: 4_000_000, count: 50), ByteRange(offset: 3_999_990, count: 20),
    ]

private func expected(_ range: ByteRange, in bytes: [UInt8]) -> [UInt8] {
    Array(bytes[Int(range.offset)..<Int(range.end)])
}

// MARK: - Local files

@Suite struct LocalFileSourceTests {
    let folder = TestPaths.scratchFolder("local-source")

    private func writeRandomFile() -> String {
        let path = folder + "/random.bin"
        _ = FileManager.default.createFile(atPath: path, contents: Data(RemoteFiles.random))
        return path
    }

    @Test func readsTheFileBytesAtAnyOffset() throws {
        let source = try LocalFileSource(url: writeRandomFile())
        #expect(try source.size() == Int64(RemoteFiles.random.count))
        for range in singleRanges {
            #expect(try source.read(range) == expected(range, in: RemoteFiles.random))
        }
        #expect(try source.read(vectoredRanges) == vectoredRanges.map { expected($0, in: RemoteFiles.random) })
    }

    @Test func acceptsFileURLs() throws {
        let path = writeRandomFile()
        let source = try openByteSource(url: "file://" + path)
        #expect(source is LocalFileSource)
        #expect(source.url == "file://" + path)
        #expect(try source.read(ByteRange(offset: 7, count: 3)) == Array(RemoteFiles.random[7..<10]))
    }

    @Test func missingFile() {
        let path = folder + "/missing.root"
        let error = #expect(throws: ByteSourceError.self) { try LocalFileSource(url: path) }
        #expect(
            error == ByteSourceError(.notFound, url: path, message: "Unable to open \(path); no such file or directory")
        )
        #expect(error?.description == "Unable to open \(path); no such file or directory in file \(path)")
    }

    @Test(.enabled(if: getuid() != 0, "root reads mode-000 files")) func unreadableFile() {
        let path = folder + "/noperm.root"
        _ = FileManager.default.createFile(atPath: path, contents: Data([1]), attributes: [.posixPermissions: 0])
        let error = #expect(throws: ByteSourceError.self) { try LocalFileSource(url: path) }
        #expect(
            error == ByteSourceError(.permissionDenied, url: path, message: "Unable to open \(path); permission denied")
        )
    }

    @Test func folderIsNotAFile() {
        let error = #expect(throws: ByteSourceError.self) { try LocalFileSource(url: folder) }
        #expect(error == ByteSourceError(.io, url: folder, message: "Unable to open \(folder); is a directory"))
    }

    @Test func readingPastTheEndIsAShortRead() throws {
        let path = writeRandomFile()
        let source = try LocalFileSource(url: path)
        let error = #expect(throws: ByteSourceError.self) {
            try source.read(ByteRange(offset: 4_999_999, count: 2))
        }
        #expect(
            error
                == ByteSourceError(
                    .shortRead, url: path,
                    message: "short read: asked for 2 bytes at offset 4999999, got 1; the file has 5000000 bytes"))
    }
}

// MARK: - Choosing by scheme

@Suite struct ByteSourceSchemeTests {
    @Test(arguments: [
        ("/data/x.root", ByteSourceScheme.local), ("x.root", .local), ("file:///data/x.root", .local),
        ("root://eos.cern.ch//store/x.root", .xrootd), ("ROOTS://host//x.root", .xrootd), ("xroot://h//x", .xrootd),
        ("http://host/x.root", .http), ("https://host/x.root", .http), ("s3://bucket/x.root", .unsupported("s3")),
        ("/data/odd://name.root", .local),
    ])
    func schemeChoosesTheSource(url: String, scheme: ByteSourceScheme) {
        #expect(ByteSourceScheme(url: url) == scheme)
    }

    @Test func unsupportedScheme() {
        let error = #expect(throws: ByteSourceError.self) { try openByteSource(url: "s3://bucket/x.root") }
        #expect(error?.kind == .unsupportedScheme)
        #expect(error?.message == "unsupported scheme 's3://'; use a path, file://, root://, http:// or https://")
    }
}

// MARK: - root:// and http:// from a real XRootD server

/// The two ways the test server serves the same files.
enum RemoteProtocol: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case root, http

    var testDescription: String { rawValue + "://" }

    func url(_ path: String, on server: XRootDTestServer) -> String {
        self == .root ? server.rootURL(path) : server.httpURL(path)
    }
}

/// One connection attempt, so that a down server fails at once; short timeouts so a hang fails the test.
private let remoteOptions = ByteSourceOptions(requestTimeout: 20, connectTimeout: 5, connectionAttempts: 1)

@Suite(.xrootdServer) struct RemoteByteSourceTests {
    @Test(arguments: RemoteProtocol.allCases) func singleReadsMatchTheFile(_ remote: RemoteProtocol) throws {
        let server = try XRootDTestServer.require()
        let source = try openByteSource(url: remote.url("/store/test/random.bin", on: server), options: remoteOptions)
        #expect(try source.size() == Int64(RemoteFiles.random.count))
        for range in singleRanges {
            #expect(try source.read(range) == expected(range, in: RemoteFiles.random), "\(range)")
        }
    }

    @Test(arguments: RemoteProtocol.allCases) func vectoredReadsMatchTheFile(_ remote: RemoteProtocol) throws {
        let server = try XRootDTestServer.require()
        let source = try openByteSource(url: remote.url("/store/test/random.bin", on: server), options: remoteOptions)
        let chunks = try source.read(vectoredRanges)
        #expect(chunks.count == vectoredRanges.count)
        #expect(chunks == vectoredRanges.map { expected($0, in: RemoteFiles.random) })
    }

    @Test(.enabled(if: TestPaths.hasSharedTestData), arguments: RemoteProtocol.allCases)
    func nanoAODFileMatchesTheLocalCopy(_ remote: RemoteProtocol) throws {
        let server = try XRootDTestServer.require()
        let local = try LocalFileSource(url: TestPaths.shared("root/nano_dy.root"))
        let source = try openByteSource(url: remote.url("/store/test/nano_dy.root", on: server), options: remoteOptions)
        let size = try local.size()
        #expect(try source.size() == size)
        let whole = ByteRange(offset: 0, count: Int(size))
        #expect(try source.read(whole) == local.read(whole))
        #expect(try source.read(ByteRange(offset: 0, count: 4)) == Array("root".utf8))
        let ranges = [ByteRange(offset: 100, count: 4000), ByteRange(offset: size - 1000, count: 1000)]
        #expect(try source.read(ranges) == local.read(ranges))
    }

    @Test(.enabled(if: TestPaths.hasSharedTestData), arguments: RemoteProtocol.allCases)
    func everyBranchReadsOverTheNetworkAsLocally(_ remote: RemoteProtocol) throws {
        let server = try XRootDTestServer.require()
        let url = remote.url("/store/test/nano_dy.root", on: server)
        let remoteTree = try ROOTFile(url: url, options: remoteOptions).tree("Events")
        let localTree = try ROOTFile(url: TestPaths.shared("root/nano_dy.root")).tree("Events")
        let names = localTree.branches.map(\.name)
        #expect(remoteTree.branches.map(\.name) == names)
        let remoteColumns = try remoteTree.read(names, entries: 5..<37)
        let localColumns = try localTree.read(names, entries: 5..<37)
        #expect(remoteColumns.count == 1499)
        for name in names {
            // Bit patterns, not ==: NaN values (HTXS_Higgs_y) are not equal to themselves.
            #expect(
                remoteColumns[name]?.values.littleEndianBytes == localColumns[name]?.values.littleEndianBytes, "\(name)"
            )
            #expect(remoteColumns[name]?.offsets == localColumns[name]?.offsets, "\(name)")
        }
    }

    @Test func missingFileOverXRootD() throws {
        let server = try XRootDTestServer.require()
        let url = server.rootURL("/store/test/missing.root")
        let error = #expect(throws: ByteSourceError.self) { try openByteSource(url: url, options: remoteOptions) }
        #expect(error?.kind == .notFound)
        #expect(
            error?.message
                == "[ERROR] Server responded with an error: [3011] Unable to open /store/test/missing.root; "
                + "no such file or directory")
    }

    @Test func forbiddenFileOverXRootD() throws {
        let server = try XRootDTestServer.require()
        let url = server.rootURL("/store/private/noperm.root")
        let error = #expect(throws: ByteSourceError.self) { try openByteSource(url: url, options: remoteOptions) }
        #expect(error?.kind == .permissionDenied)
        #expect(
            error?.message
                == "[ERROR] Server responded with an error: [3010] Unable to open /store/private/noperm.root; "
                + "permission denied")
    }

    @Test func missingFileOverHTTP() throws {
        let server = try XRootDTestServer.require()
        let url = server.httpURL("/store/test/missing.root")
        let error = #expect(throws: ByteSourceError.self) { try openByteSource(url: url, options: remoteOptions) }
        #expect(
            error
                == ByteSourceError(
                    .notFound, url: url,
                    message: "HTTP 404: Unable to open /store/test/missing.root; no such file or directory"))
    }

    @Test func forbiddenFileOverHTTP() throws {
        let server = try XRootDTestServer.require()
        let url = server.httpURL("/store/private/noperm.root")
        let error = #expect(throws: ByteSourceError.self) { try openByteSource(url: url, options: remoteOptions) }
        #expect(
            error
                == ByteSourceError(
                    .permissionDenied, url: url,
                    message: "HTTP 403: Unable to open /store/private/noperm.root; permission denied"))
    }

    @Test(arguments: RemoteProtocol.allCases) func readingPastTheEndIsAShortRead(_ remote: RemoteProtocol) throws {
        let server = try XRootDTestServer.require()
        let source = try openByteSource(url: remote.url("/store/test/random.bin", on: server), options: remoteOptions)
        let error = #expect(throws: ByteSourceError.self) {
            try source.read(ByteRange(offset: 4_999_999, count: 2))
        }
        #expect(error?.kind == .shortRead)
        #expect(error?.message == "short read: asked for 2 bytes at offset 4999999, got 1; the file has 5000000 bytes")
        let vectored = #expect(throws: ByteSourceError.self) {
            try source.read([ByteRange(offset: 0, count: 2), ByteRange(offset: 4_999_000, count: 2000)])
        }
        #expect(vectored?.kind == .shortRead)
    }
}

// MARK: - A server that is down

@Suite struct DownServerTests {
    @Test func xrootdFailsFastWithOneConnectionAttempt() {
        let url = "root://127.0.0.1:\(unusedPort())//store/test/random.bin"
        let clock = ContinuousClock()
        let start = clock.now
        let error = #expect(throws: ByteSourceError.self) { try openByteSource(url: url, options: remoteOptions) }
        #expect(clock.now - start < .seconds(2))
        #expect(error == ByteSourceError(.connection, url: url, message: "[FATAL] Connection error"))
        #expect(error?.description == "[FATAL] Connection error in file \(url)")
    }

    @Test func httpConnectionRefused() {
        let port = unusedPort()
        let url = "http://127.0.0.1:\(port)/store/test/random.bin"
        let clock = ContinuousClock()
        let start = clock.now
        let error = #expect(throws: ByteSourceError.self) { try openByteSource(url: url, options: remoteOptions) }
        #expect(clock.now - start < .seconds(2))
        #expect(error?.kind == .connection)
        #expect(
            error?.message.hasPrefix("Failed to connect to 127.0.0.1 port \(port) after ") == true,
            "\(String(describing: error))")
        #expect(error?.message.hasSuffix(": Couldn't connect to server") == true, "\(String(describing: error))")
    }

    /// A TCP port on 127.0.0.1 where nothing listens: one the kernel hands out, then released.
    private func unusedPort() -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(socket, address, length) == 0 ? getsockname(socket, address, &length) : -1
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
