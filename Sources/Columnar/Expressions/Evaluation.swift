// Columnar layer: the state of evaluating compiled expressions on one frame — derived collections and
// named definitions are computed once per frame and shared by every expression that uses them.

/// Evaluates compiled expressions over one frame of events.
public final class Evaluation {
    /// The events.
    public let frame: EventFrame
    var objects: [String: CollectionValue] = [:]
    var definitions: [String: Value] = [:]
    /// The collection whose objects a `where` condition is being evaluated on.
    var current: CollectionValue?

    public init(frame: EventFrame) {
        self.frame = frame
    }

    /// The value of `expression` on this frame's events.
    public func evaluate(_ expression: Compiled) throws -> Value {
        try expression.run(self)
    }

    func object(_ name: String, _ make: (Evaluation) throws -> CollectionValue) throws -> CollectionValue {
        if let cached = objects[name] { return cached }
        let saved = current
        defer { current = saved }
        current = nil
        let made = try make(self)
        objects[name] = made
        return made
    }

    func definition(_ name: String, _ make: (Evaluation) throws -> Value) throws -> Value {
        if let cached = definitions[name] { return cached }
        let saved = current
        defer { current = saved }
        current = nil
        let made = try make(self)
        definitions[name] = made
        return made
    }
}

/// A checked expression, ready to evaluate on any frame of the schema it was compiled for.
public struct Compiled: Sendable {
    /// What it computes.
    public let type: ValueType
    let run: @Sendable (Evaluation) throws -> Value
}
