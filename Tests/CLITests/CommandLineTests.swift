import ArgumentParser
import Foundation
import TestSupport
import Testing

@testable import CLI

/// The built binary, run as a user runs it.
@Suite struct CommandLineTests {
    static let runOptions = [
        "--cfg", "-ro, --custom-run-options", "-o, --outputdir", "-t, --test", "-lf, --limit-files",
        "-lc, --limit-chunks", "-e, --executor", "-s, --scaleout", "-c, --chunksize", "-q, --queue",
        "-ll, --loglevel", "-ps, --process-separately", "--filter-years", "--filter-samples", "--filter-datasets",
        "--resubmit-failed", "--executor-custom-setup", "--dry-run", "--recreate-jobs", "--recreate-queue",
        "--blocklist-sites", "--use-redirector", "--skip-bad-files",
    ]

    @Test func runHelpListsEveryOption() throws {
        let result = try CommandResult.pocketCoffea(["run", "--help"])
        #expect(result.status == 0)
        for option in Self.runOptions {
            #expect(result.stdout.contains(option), "run --help lacks \(option)")
        }
    }

    @Test func rootHelpListsEverySubcommand() throws {
        let result = try CommandResult.pocketCoffea(["--help"])
        #expect(result.status == 0)
        for name in ["run", "check-jobs", "merge-outputs", "build-datasets", "make-plots", "hadd-skimmed-files"] {
            #expect(result.stdout.contains("  \(name) "), "--help lacks \(name)")
        }
    }

    @Test func versionAndBanner() throws {
        #expect(try CommandResult.pocketCoffea(["-v"]).stdout.hasPrefix("pocket-coffea "))
        #expect(try CommandResult.pocketCoffea(["--version"]).status == 0)
        let banner = try CommandResult.pocketCoffea([])
        #expect(banner.status == 0)
        #expect(banner.stdout.contains("SUBCOMMANDS:"))
    }

    @Test(arguments: ["check-jobs", "merge-outputs", "build-datasets", "make-plots", "hadd-skimmed-files"])
    func everySubcommandHasHelpThroughALink(name: String) throws {
        let folder = TestPaths.scratchFolder("links")
        let link = folder + "/" + name
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: TestPaths.binary)
        let result = try CommandResult.run(link, ["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("OVERVIEW:"))
        #expect(result.stdout.contains("USAGE: \(name)") || result.stdout.contains("USAGE: pocket-coffea \(name)"))
    }

    @Test func unbuiltCapabilitiesSaySoAndFail() throws {
        let result = try CommandResult.pocketCoffea(["make-plots", "-i", "somewhere"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("not available in this build"))
    }
}

/// Every subcommand names itself: ArgumentParser otherwise derives the name with String(describing:) each
/// time, which costs the Swift runtime a scan of its conformance tables on every start.
@Suite struct CommandNameTests {
    @Test func everySubcommandHasAnExplicitName() {
        var pending: [any ParsableCommand.Type] = [PocketCoffea.self]
        while let command = pending.popLast() {
            #expect(command.configuration.commandName != nil, "\(command) has no commandName")
            pending += command.configuration.subcommands
        }
    }
}
