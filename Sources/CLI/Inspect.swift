// CLI layer: `pocket-coffea inspect FILE` — what is in a ROOT file (local, root:// or http(s)://):
// its trees, their entries, and their branches with types, compression and baskets, in the spirit of
// rootls and uproot-browser.

import ArgumentParser
import Foundation
import ROOTIO

extension PocketCoffea {
    /// Lists the trees and branches of a ROOT file.
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inspect",
            abstract: "List the trees and branches of a ROOT file (a path, root://… or http(s)://…).",
            discussion: """
                Examples:
                  pocket-coffea inspect nano.root
                  pocket-coffea inspect root://eoscms.cern.ch//store/…/nano.root --tree Events --branches 'Muon_*'
                """
        )

        @Argument(help: "The ROOT file.")
        var file: String

        @Option(name: .long, help: ArgumentHelp("Only this tree.", valueName: "name"))
        var tree: String?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "List the branches whose names match this shell pattern, e.g. 'Muon_*'.", valueName: "pattern"))
        var branches: String?

        @Flag(name: .long, help: "List only trees and entry counts, not branches.")
        var treesOnly = false

        @Option(name: .long, help: ArgumentHelp("Seconds to wait for a remote server.", valueName: "seconds"))
        var timeout = 60

        func run() throws {
            try Console.reportingErrors {
                let options = ByteSourceOptions(requestTimeout: timeout, connectTimeout: min(timeout, 30))
                let root = try ROOTFile(url: file, options: options)
                print(
                    "\(file): ROOT \(Self.version(root.rootVersion)), \(root.size) bytes, compression \(Self.compression(root.compression))"
                )
                let keys = root.keys.filter { $0.className != "TTree" || tree == nil || $0.name == tree }
                for key in keys where tree == nil && key.className != "TTree" {
                    print("  \(key.className) \(key.name);\(key.cycle)")
                }
                let trees = Set(keys.filter { $0.className == "TTree" }.map(\.name))
                guard tree == nil || !trees.isEmpty else { _ = try root.tree(tree!); return }
                for name in keys.map(\.name) where trees.contains(name) {
                    try printTree(try root.tree(name))
                }
            }
        }

        private func printTree(_ tree: TTree) throws {
            let matching = tree.branches.filter { branch in branches.map { fnmatch($0, branch.name, 0) == 0 } ?? true }
            let filtered = branches == nil ? "" : ", \(matching.count) matching '\(branches!)'"
            print(
                "\nTTree \(tree.name) \"\(tree.title)\": \(tree.entries) entries, \(tree.branches.count) branches\(filtered)"
            )
            guard !treesOnly, !matching.isEmpty else { return }
            var table = TextTable(header: ["branch", "type", "compression", "baskets"], rightAligned: [3])
            for branch in matching {
                table.rows.append([
                    branch.name, branch.typeDescription, Self.compression(branch.compression),
                    String(branch.basketCount),
                ])
            }
            print(table.text)
        }

        /// 62208 → 6.22/08.
        static func version(_ code: Int) -> String {
            CFormat.string("%ld.%02ld/%02ld", code / 10000, code / 100 % 100, code % 100)
        }

        /// fCompress (algorithm × 100 + level) as words.
        static func compression(_ setting: Int) -> String {
            let names = [0: "zlib", 1: "zlib", 2: "lzma", 3: "old", 4: "lz4", 5: "zstd"]
            let level = setting % 100
            guard level > 0 else { return "none" }
            return "\(names[setting / 100] ?? "algorithm \(setting / 100)") \(level)"
        }
    }
}
