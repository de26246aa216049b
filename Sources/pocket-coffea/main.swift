// The executable: only dispatch. Everything else is in the CLI module and below.

import CLI

PocketCoffea.main(MultiCall.arguments(from: CommandLine.arguments))
