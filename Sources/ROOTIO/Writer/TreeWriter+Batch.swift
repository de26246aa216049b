// ROOTIO writer: the checks a batch passes before any of it is written — one column per branch, of
// the branch's type, with buffers that agree with each other and with the counter branches.

extension TreeWriter {
    /// The batch's columns in branch order, checked.
    func batch(_ columns: [Column]) throws(ROOTWriteError) -> [Column] {
        var ordered = [Column?](repeating: nil, count: branches.count)
        for column in columns {
            guard let position = branches.firstIndex(where: { $0.name == column.name }) else {
                throw ROOTWriteError(
                    .columnMismatch, "tree '\(name)' has no branch '\(column.name)'; declare it when making the tree")
            }
            guard ordered[position] == nil else {
                throw ROOTWriteError(.columnMismatch, "tree '\(name)': column '\(column.name)' given twice")
            }
            ordered[position] = column
        }
        var checked: [Column] = []
        for (branch, column) in zip(branches, ordered) {
            guard let column else {
                throw ROOTWriteError(
                    .columnMismatch, "tree '\(name)': the batch has no column for branch '\(branch.name)'")
            }
            try check(column, against: branch)
            guard column.entries == columns.first?.entries else {
                throw ROOTWriteError(
                    .malformedColumn,
                    "tree '\(name)': column '\(column.name)' has \(column.entries) entries, column "
                        + "'\(columns.first?.name ?? "")' \(columns.first?.entries ?? 0); every column of a batch needs "
                        + "the same number")
            }
            checked.append(column)
        }
        for (branch, column) in zip(branches, checked) {
            guard let counter = branch.counter, let position = branches.firstIndex(where: { $0.name == counter }),
                let offsets = column.offsets
            else { continue }
            let counts = checked[position].values
            for entry in 0..<column.entries
            where counts.integer(at: entry) != Int64(offsets[entry + 1] - offsets[entry]) {
                throw ROOTWriteError(
                    .malformedColumn,
                    "tree '\(name)': entry \(entry) of '\(branch.name)' has \(offsets[entry + 1] - offsets[entry]) "
                        + "values but '\(counter)' says \(counts.integer(at: entry).map(String.init) ?? "?")")
            }
        }
        return checked
    }

    private func check(_ column: Column, against branch: BranchDescription) throws(ROOTWriteError) {
        let label = "tree '\(name)', column '\(column.name)'"
        guard column.values.leafType == branch.type else {
            throw ROOTWriteError(
                .columnMismatch,
                "\(label) holds \(column.values.leafType.rootName) values, the branch \(branch.type.rootName)")
        }
        guard column.entries >= 0 else {
            throw ROOTWriteError(.malformedColumn, "\(label): negative entry count \(column.entries)")
        }
        guard let offsets = column.offsets else {
            guard branch.counter == nil else {
                throw ROOTWriteError(
                    .malformedColumn, "\(label) is flat, but branch '\(branch.name)' is jagged; give it offsets")
            }
            guard column.values.count == column.entries * branch.length else {
                throw ROOTWriteError(
                    .malformedColumn,
                    "\(label): \(column.values.count) values for \(column.entries) entries of \(branch.length)")
            }
            return
        }
        guard branch.counter != nil else {
            throw ROOTWriteError(
                .malformedColumn, "\(label) is jagged, but branch '\(branch.name)' is flat (declare its counter)")
        }
        guard offsets.count == column.entries + 1, offsets.first == 0,
            offsets.last.map({ Int($0) == column.values.count }) == true
        else {
            throw ROOTWriteError(
                .malformedColumn,
                "\(label): \(offsets.count) offsets (first \(offsets.first.map(String.init) ?? "none"), last "
                    + "\(offsets.last.map(String.init) ?? "none")) for \(column.entries) entries and "
                    + "\(column.values.count) values; offsets need entries + 1 values from 0 to the value count")
        }
        for entry in 0..<column.entries where offsets[entry + 1] < offsets[entry] {
            throw ROOTWriteError(
                .malformedColumn,
                "\(label): offsets go backwards at entry \(entry) (\(offsets[entry]) then \(offsets[entry + 1]))")
        }
    }
}
