// Columnar layer: element-wise operations with broadcasting — a constant applies to every event, a
// per-event value applies to each object of its event, and two lists must come from the same
// collection (same offsets).

/// A value lifted to one of three shapes, for element-wise work.
enum Lifted<Element> {
    case constant(Element)
    case events([Element])
    case jagged(Jagged<Element>)
}

enum Elementwise {
    static func numbers(_ value: Value) throws(EvaluationError) -> Lifted<Double> {
        switch value {
        case .constant(let number): return .constant(number)
        case .numbers(let numbers): return .events(numbers)
        case .jaggedNumbers(let jagged): return .jagged(jagged)
        case .constantBool(let flag): return .constant(flag ? 1 : 0)
        case .booleans(let flags): return .events(flags.map { $0 ? 1 : 0 })
        case .jaggedBooleans(let jagged): return .jagged(jagged.with(jagged.content.map { $0 ? 1 : 0 }))
        default: throw EvaluationError("expected numbers")
        }
    }

    static func booleans(_ value: Value) throws(EvaluationError) -> Lifted<Bool> {
        switch value {
        case .constantBool(let flag): return .constant(flag)
        case .booleans(let flags): return .events(flags)
        case .jaggedBooleans(let jagged): return .jagged(jagged)
        default: throw EvaluationError("expected truth values")
        }
    }

    static func value(_ lifted: Lifted<Double>) -> Value {
        switch lifted {
        case .constant(let number): .constant(number)
        case .events(let numbers): .numbers(numbers)
        case .jagged(let jagged): .jaggedNumbers(jagged)
        }
    }

    static func value(_ lifted: Lifted<Bool>) -> Value {
        switch lifted {
        case .constant(let flag): .constantBool(flag)
        case .events(let flags): .booleans(flags)
        case .jagged(let jagged): .jaggedBooleans(jagged)
        }
    }

    /// Applies `operation` to every element.
    static func map<A, R>(_ value: Lifted<A>, _ operation: (A) -> R) -> Lifted<R> {
        switch value {
        case .constant(let element): .constant(operation(element))
        case .events(let elements): .events(mapped(elements, operation))
        case .jagged(let jagged): .jagged(jagged.with(mapped(jagged.content, operation)))
        }
    }

    /// Applies `operation` pairwise, broadcasting constants and per-event values.
    static func combine<A, B, R>(_ left: Lifted<A>, _ right: Lifted<B>, _ operation: (A, B) -> R)
        throws(EvaluationError) -> Lifted<R>
    {
        switch (left, right) {
        case (.constant(let a), .constant(let b)): return .constant(operation(a, b))
        case (.constant(let a), .events(let b)): return .events(mapped(b) { operation(a, $0) })
        case (.events(let a), .constant(let b)): return .events(mapped(a) { operation($0, b) })
        case (.events(let a), .events(let b)):
            guard a.count == b.count else { throw EvaluationError("values of different event counts") }
            return .events(zipped(a, b, operation))
        case (.constant(let a), .jagged(let b)): return .jagged(b.with(mapped(b.content) { operation(a, $0) }))
        case (.jagged(let a), .constant(let b)): return .jagged(a.with(mapped(a.content) { operation($0, b) }))
        case (.events(let a), .jagged(let b)):
            return .jagged(b.with(try broadcast(a, over: b) { operation($0, $1) }))
        case (.jagged(let a), .events(let b)):
            return .jagged(a.with(try broadcast(b, over: a) { operation($1, $0) }))
        case (.jagged(let a), .jagged(let b)):
            guard a.offsets == b.offsets else {
                throw EvaluationError("lists of different collections cannot be combined element by element")
            }
            return .jagged(a.with(zipped(a.content, b.content, operation)))
        }
    }

    /// `operation` on each element, in one loop without a capacity check per element (Array.map appends).
    @inline(__always)
    static func mapped<A, R>(_ a: [A], _ operation: (A) -> R) -> [R] {
        a.withUnsafeBufferPointer { a in
            [R](unsafeUninitializedCapacity: a.count) { target, count in
                for index in 0..<a.count { target.initializeElement(at: index, to: operation(a[index])) }
                count = a.count
            }
        }
    }

    /// `operation` on the elements of two arrays of the same length, pairwise, in one loop.
    @inline(__always)
    static func zipped<A, B, R>(_ a: [A], _ b: [B], _ operation: (A, B) -> R) -> [R] {
        precondition(a.count == b.count, "zipped arrays of \(a.count) and \(b.count) elements")
        return a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                [R](unsafeUninitializedCapacity: a.count) { target, count in
                    for index in 0..<a.count { target.initializeElement(at: index, to: operation(a[index], b[index])) }
                    count = a.count
                }
            }
        }
    }

    /// `operation` on each object of `jagged` and its event's value of `events`.
    @inline(__always)
    private static func broadcast<E, T, R>(_ events: [E], over jagged: Jagged<T>, _ operation: (E, T) -> R)
        throws(EvaluationError) -> [R]
    {
        guard events.count >= jagged.events else { throw EvaluationError("values of different event counts") }
        return events.withUnsafeBufferPointer { events in
            jagged.offsets.withUnsafeBufferPointer { offsets in
                jagged.content.withUnsafeBufferPointer { content in
                    [R](unsafeUninitializedCapacity: Int(offsets[offsets.count - 1])) { target, count in
                        for event in 0..<offsets.count - 1 {
                            let value = events[event]
                            for index in Int(offsets[event])..<Int(offsets[event + 1]) {
                                target.initializeElement(at: index, to: operation(value, content[index]))
                            }
                        }
                        count = Int(offsets[offsets.count - 1])
                    }
                }
            }
        }
    }

    /// A per-event reduction of a jagged list, given the content and each event's range.
    static func reduce<T, R>(_ jagged: Jagged<T>, _ reduction: (UnsafeBufferPointer<T>, Range<Int>) -> R) -> [R] {
        jagged.content.withUnsafeBufferPointer { content in
            jagged.offsets.withUnsafeBufferPointer { offsets in
                [R](unsafeUninitializedCapacity: offsets.count - 1) { target, count in
                    for event in 0..<offsets.count - 1 {
                        target.initializeElement(
                            at: event, to: reduction(content, Int(offsets[event])..<Int(offsets[event + 1])))
                    }
                    count = offsets.count - 1
                }
            }
        }
    }
}
