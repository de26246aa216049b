// CLI layer: the banner shown by `pocket-coffea` with no subcommand.

enum Banner {
    /// The banner with the version line.
    static func text(version: String) -> String {
        #"""
            ____             __        __  ______      ________
           / __ \____  _____/ /_____  / /_/ ____/___  / __/ __/__  ____ _
          / /_/ / __ \/ ___/ //_/ _ \/ __/ /   / __ \/ /_/ /_/ _ \/ __ `/
         / ____/ /_/ / /__/ ,< /  __/ /_/ /___/ /_/ / __/ __/  __/ /_/ /
        /_/    \____/\___/_/|_|\___/\__/\____/\____/_/ /_/  \___/\__,_/

        """# + "    pocket-coffea \(version) (Swift) — one binary: compile, babysit, process, merge\n"
    }
}
