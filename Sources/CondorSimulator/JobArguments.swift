// Condor simulator: the `arguments` command split into an argument vector as HTCondor splits it
// (htcondor-jdl `arguments`). Old syntax: words separated by blanks, `\"` for a double quote. New
// syntax, when the value is wrapped in double quotes: blanks separate, single quotes group (`''` is
// a quote inside them), `""` is a double quote.

import Foundation

enum JobArguments {
    /// The argument vector of `value`.
    ///
    /// - Throws: ``SimulatorError`` for an unterminated quote.
    static func split(_ value: String) throws(SimulatorError) -> [String] {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("\"") else {
            return trimmed.split { $0 == " " || $0 == "\t" }.map { $0.replacingOccurrences(of: "\\\"", with: "\"") }
        }
        guard trimmed.count >= 2, trimmed.hasSuffix("\"") else {
            throw SimulatorError("arguments = \(value): the opening double quote is not closed at the end")
        }
        let characters = Array(trimmed.dropFirst().dropLast())
        var arguments: [String] = []
        var current: String?
        var index = 0
        var quoted = false
        while index < characters.count {
            let character = characters[index]
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if character == "\"" && next == "\"" {
                current = (current ?? "") + "\""
                index += 2
                continue
            }
            if character == "'" {
                if quoted && next == "'" {
                    current = (current ?? "") + "'"
                    index += 2
                    continue
                }
                quoted.toggle()
                current = current ?? ""
            } else if !quoted && (character == " " || character == "\t") {
                if let word = current { arguments.append(word) }
                current = nil
            } else {
                current = (current ?? "") + String(character)
            }
            index += 1
        }
        guard !quoted else { throw SimulatorError("arguments = \(value): a single quote is not closed") }
        if let word = current { arguments.append(word) }
        return arguments
    }
}
