// Corrections layer: a TFormula expression parsed once into a tree whose leaves are numbers, input
// positions and (for generic formulas) parameter slots. Evaluation is a recursive walk with no
// allocation; the operators behave as correctionlib's C++ ones (comparisons give 1 or 0, `max` and
// `min` as std::max and std::min).

import Foundation

/// A parsed formula.
indirect enum Formula: Sendable {
    /// A unary function.
    enum Function: String, Sendable, CaseIterable {
        case log, log10, exp, erf, sqrt, abs, cos, sin, tan, acos, asin, atan, cosh, sinh, tanh, acosh, asinh, atanh
    }

    /// A binary operator or function.
    enum Operator: String, Sendable {
        case or = "||"
        case and = "&&"
        case equal = "=="
        case notEqual = "!="
        case greater = ">"
        case less = "<"
        case greaterOrEqual = ">="
        case lessOrEqual = "<="
        case minus = "-"
        case plus = "+"
        case divide = "/"
        case times = "*"
        case power = "^"
        case atan2, pow, max, min
    }

    case literal(Double)
    /// The value of the real input at this position.
    case variable(Int)
    /// A parameter of a generic formula, bound by each `formularef`.
    case parameter(Int)
    case negate(Formula)
    case call(Function, Formula)
    case binary(Operator, Formula, Formula)

    /// The formula with every `[N]` replaced by `parameters[N]`.
    ///
    /// - Throws: the index of the first parameter that `parameters` lacks.
    func binding(_ parameters: [Double]) throws(FormulaParser.Failure) -> Formula {
        switch self {
        case .literal, .variable: return self
        case .parameter(let index):
            guard index < parameters.count else {
                throw FormulaParser.Failure(
                    "parameter [\(index)] is used but only \(parameters.count) parameters are given", at: 0)
            }
            return .literal(parameters[index])
        case .negate(let operand): return .negate(try operand.binding(parameters))
        case .call(let function, let operand): return .call(function, try operand.binding(parameters))
        case .binary(let op, let left, let right):
            return .binary(op, try left.binding(parameters), try right.binding(parameters))
        }
    }

    /// The value for the real inputs in `reals` (indexed by input position).
    func evaluate(_ reals: UnsafePointer<Double>) -> Double {
        switch self {
        case .literal(let value): return value
        case .variable(let position): return reals[position]
        case .parameter: return .nan
        case .negate(let operand): return -operand.evaluate(reals)
        case .call(let function, let operand): return Self.apply(function, operand.evaluate(reals))
        case .binary(let op, let left, let right):
            return Self.apply(op, left.evaluate(reals), right.evaluate(reals))
        }
    }

    private static func apply(_ function: Function, _ x: Double) -> Double {
        switch function {
        case .log: Foundation.log(x)
        case .log10: Foundation.log10(x)
        case .exp: Foundation.exp(x)
        case .erf: Foundation.erf(x)
        case .sqrt: x.squareRoot()
        case .abs: Swift.abs(x)
        case .cos: Foundation.cos(x)
        case .sin: Foundation.sin(x)
        case .tan: Foundation.tan(x)
        case .acos: Foundation.acos(x)
        case .asin: Foundation.asin(x)
        case .atan: Foundation.atan(x)
        case .cosh: Foundation.cosh(x)
        case .sinh: Foundation.sinh(x)
        case .tanh: Foundation.tanh(x)
        case .acosh: Foundation.acosh(x)
        case .asinh: Foundation.asinh(x)
        case .atanh: Foundation.atanh(x)
        }
    }

    private static func apply(_ op: Operator, _ left: Double, _ right: Double) -> Double {
        switch op {
        case .or: (left != 0 || right != 0) ? 1 : 0
        case .and: (left != 0 && right != 0) ? 1 : 0
        case .equal: left == right ? 1 : 0
        case .notEqual: left != right ? 1 : 0
        case .greater: left > right ? 1 : 0
        case .less: left < right ? 1 : 0
        case .greaterOrEqual: left >= right ? 1 : 0
        case .lessOrEqual: left <= right ? 1 : 0
        case .minus: left - right
        case .plus: left + right
        case .divide: left / right
        case .times: left * right
        case .power, .pow: Foundation.pow(left, right)
        case .atan2: Foundation.atan2(left, right)
        // std::max(a, b) is (a < b) ? b : a and std::min(a, b) is (b < a) ? b : a, NaN included.
        case .max: left < right ? right : left
        case .min: right < left ? right : left
        }
    }
}
