#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Stack budgeting for the recursive parser and evaluator.
///
/// Templates nest (parentheses, control structures, template calls), and deep nesting must end in
/// a `TemplateError`, not a stack overflow, on whatever thread the caller runs (a Swift
/// concurrency thread may have only 512 KiB). Work starts inline with a small budget; when it runs
/// out, the work is redone on a dedicated thread with a large stack, where only the depth limits
/// (Go's wording, e.g. `exceeded maximum template depth (1000)`) can stop it.
enum Stack {
    /// How much stack inline work may use below its entry point.
    static let inlineBudget: UInt = 192 * 1024
    /// The dedicated thread's stack, and how much of it work may use.
    static let largeSize = 128 * 1024 * 1024
    static let largeBudget: UInt = 120 * 1024 * 1024

    /// The current stack position (stacks grow down on every platform Swift supports).
    @inline(never)
    static func position() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    /// The lowest position work starting here may reach.
    static func limit(budget: UInt) -> UInt {
        let here = position()
        return here > budget ? here - budget : 0
    }

    /// The limit of the parse or execution running on this thread, if any: work nested in it (a
    /// function that parses or executes templates) shares its budget rather than adding its own.
    @TaskLocal static var active: Active?

    /// A running parse or execution: its limit and the thread whose stack the limit measures
    /// (task-locals can travel to other threads through unstructured tasks).
    struct Active: Sendable {
        var limit: UInt
        var thread: UInt
    }

    static func currentThread() -> UInt {
        #if canImport(Darwin)
        return UInt(bitPattern: pthread_self())
        #else
        return UInt(pthread_self())
        #endif
    }

    /// Runs `body` with an inline budget, and again on a large stack if the budget ran out.
    static func run<T>(_ body: (_ limit: UInt) throws(TemplateError) -> T) throws(TemplateError) -> T {
        if let active, active.thread == currentThread() {
            // Nested: running out propagates to the outermost run, which redoes all of it.
            return try body(active.limit)
        }
        do {
            return try withLimit(limit(budget: inlineBudget), body)
        } catch where error.needsLargeStack {
            return try onLargeStack { () throws(TemplateError) -> T in try withLimit(limit(budget: largeBudget), body) }
        }
    }

    private static func withLimit<T>(_ limit: UInt, _ body: (_ limit: UInt) throws(TemplateError) -> T) throws(TemplateError) -> T {
        let result = $active.withValue(Active(limit: limit, thread: currentThread())) {
            Result { () throws(TemplateError) -> T in try body(limit) }
        }
        return try result.get()
    }

    private final class Job {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    private static func onLargeStack<T>(_ body: () throws(TemplateError) -> T) throws(TemplateError) -> T {
        var result: Result<T, TemplateError>?
        withoutActuallyEscaping(body) { body in
            let job = Job {
                result = Result { () throws(TemplateError) -> T in try body() }
            }
            runThread(job)
        }
        guard let result else { throw TemplateError("template: could not start a thread for deep nesting") }
        switch result {
        case .success(let value): return value
        case .failure(let error):
            if error.needsLargeStack {
                // Even the large stack ran out: report it as Go reports its own limit.
                var error = error
                error.needsLargeStack = false
                throw error
            }
            throw error
        }
    }

    private static func runThread(_ job: Job) {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, largeSize)
        let context = Unmanaged.passRetained(job).toOpaque()
        #if canImport(Darwin)
        var thread: pthread_t?
        let status = pthread_create(&thread, &attributes, { context in
            Unmanaged<Job>.fromOpaque(context).takeRetainedValue().body()
            return nil
        }, context)
        if status == 0, let thread { pthread_join(thread, nil) } else { Unmanaged<Job>.fromOpaque(context).release() }
        #else
        var thread = pthread_t()
        let status = pthread_create(&thread, &attributes, { context in
            if let context { Unmanaged<Job>.fromOpaque(context).takeRetainedValue().body() }
            return nil
        }, context)
        if status == 0 { pthread_join(thread, nil) } else { Unmanaged<Job>.fromOpaque(context).release() }
        #endif
    }
}
