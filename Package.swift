// swift-tools-version:6.0
// The manifest enforces DESIGN.md §2: each module depends only on the layers above it in that list.
import PackageDescription

/// A C library reached through a module map and pkg-config; Debian's -dev package provides it.
func systemLibrary(_ name: String, pkgConfig: String, apt: String) -> Target {
    .systemLibrary(name: name, path: "Sources/\(name)", pkgConfig: pkgConfig, providers: [.apt([apt])])
}

let package = Package(
    name: "pocket-coffea",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "pocket-coffea", targets: ["pocket-coffea"]),
        .library(name: "Configuration", targets: ["Configuration"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        systemLibrary("CZlib", pkgConfig: "zlib", apt: "zlib1g-dev"),
        systemLibrary("CDeflate", pkgConfig: "libdeflate", apt: "libdeflate-dev"),
        systemLibrary("CZstd", pkgConfig: "libzstd", apt: "libzstd-dev"),
        systemLibrary("CLZ4", pkgConfig: "liblz4", apt: "liblz4-dev"),
        systemLibrary("CLZMA", pkgConfig: "liblzma", apt: "liblzma-dev"),
        // libcurl is loaded on first use (dlopen), not linked: see Sources/CCurl/include/ccurl.h.
        .target(name: "CCurl"),
        .systemLibrary(name: "CFileSystem", path: "Sources/CFileSystem"),
        .target(
            name: "Compression",
            dependencies: ["CZlib", "CDeflate", "CZstd", "CLZ4", "CLZMA"]
        ),
        .target(
            name: "CXRootD",
            // libXrdCl is loaded on first use (dlopen), not linked: see Sources/CXRootD/cxrootd.cpp.
            cxxSettings: [.unsafeFlags(["-I/usr/include/xrootd"])]
        ),
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        // libmvec (glibc's vector math) for the 4-wide sinh, sin and cos on x86-64 Linux: see Sources/CMath/math.c.
        .target(
            name: "CMath",
            linkerSettings: [.linkedLibrary("mvec", .when(platforms: [.linux])), .linkedLibrary("m")]),
        .target(name: "ROOTIO", dependencies: ["Compression", "CCurl", "CXRootD", "CMalloc"]),
        .target(name: "Columnar", dependencies: ["ROOTIO", "Compression", "CMath"]),
        .target(
            name: "Configuration",
            dependencies: ["CFileSystem", .product(name: "Yams", package: "Yams")],
            resources: [.embedInCode("Resources/executor_options_defaults.yaml")]
        ),
        .target(name: "Corrections", dependencies: ["Configuration", "Compression", "CZlib"]),
        .target(name: "Analysis", dependencies: ["Columnar", "Configuration", "Corrections"]),
        .target(name: "Grid", dependencies: ["Configuration", "CCurl"]),
        .target(name: "Condor", dependencies: ["Configuration"]),
        .systemLibrary(name: "CSpawn", path: "Sources/CSpawn"),
        .target(name: "CondorSimulator", dependencies: ["Condor", "CSpawn"]),
        .target(
            name: "Jobs",
            dependencies: [
                "Configuration", "Grid", "Condor", .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.embedInCode("Resources/job.sh.mustache")]
        ),
        .target(name: "Babysitter", dependencies: ["Jobs", "Condor", "Grid", "Configuration"]),
        .target(name: "Executors", dependencies: ["Analysis", "Columnar", "Configuration", "Jobs", "ROOTIO"]),
        .target(
            name: "CLI",
            dependencies: [
                "Configuration",
                "Jobs",
                "Babysitter",
                "ROOTIO",
                "Analysis",
                "Executors",
                "CondorSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "pocket-coffea", dependencies: ["CLI"]),
        .executableTarget(
            name: "root-read-bench", dependencies: ["ROOTIO", "Compression"], path: "Benchmarks/ROOTRead"),
        .executableTarget(name: "user-log-poll-bench", dependencies: ["Condor"], path: "Benchmarks/UserLogPoll"),
        .executableTarget(
            name: "histogram-bench", dependencies: ["Analysis", "Columnar", "Configuration"],
            path: "Benchmarks/Histograms"),
        .target(name: "TestSupport", dependencies: ["CSpawn"], path: "Tests/TestSupport"),
        .testTarget(name: "CompressionTests", dependencies: ["Compression", "TestSupport"]),
        .testTarget(name: "ROOTIOTests", dependencies: ["ROOTIO", "TestSupport"]),
        .testTarget(name: "ColumnarTests", dependencies: ["Columnar", "TestSupport"]),
        .testTarget(name: "CorrectionsTests", dependencies: ["Corrections", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "Executors", "TestSupport"]),
        .testTarget(
            name: "ConfigurationTests",
            dependencies: ["Configuration", "TestSupport", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "GridTests", dependencies: ["Grid", "TestSupport"]),
        .testTarget(name: "CondorTests", dependencies: ["Condor", "TestSupport"]),
        .testTarget(name: "CondorSimulatorTests", dependencies: ["CondorSimulator", "Condor", "TestSupport"]),
        .testTarget(name: "JobsTests", dependencies: ["Jobs", "TestSupport"]),
        .testTarget(
            name: "BabysitterTests", dependencies: ["Babysitter", "Jobs", "Condor", "Configuration", "TestSupport"]),
        .testTarget(
            name: "CLITests",
            dependencies: ["CLI", "TestSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
    ],
    swiftLanguageModes: [.v6]
)
