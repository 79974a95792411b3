/// Makes request ids: 32 lowercase hex characters, unique across processes in practice.
///
/// Each client connection owns one generator (no locks, no syscalls per request): it is seeded from the
/// system's random source once and then steps a SplitMix64 sequence.
struct RequestIDGenerator {
    private var state: UInt64

    init() {
        var system = SystemRandomNumberGenerator()
        self.state = system.next()
    }

    private mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A fresh request id.
    mutating func make() -> String {
        let high = self.next()
        let low = self.next()
        return String(unsafeUninitializedCapacity: 32) { buffer in
            let digits: StaticString = "0123456789abcdef"
            digits.withUTF8Buffer { hex in
                for i in 0..<16 {
                    buffer[i] = hex[Int((high >> UInt64(60 - i * 4)) & 0xF)]
                    buffer[16 + i] = hex[Int((low >> UInt64(60 - i * 4)) & 0xF)]
                }
            }
            return 32
        }
    }

    /// A number in `0..<upperBound` for requests that need a random choice (canary without a sticky key).
    mutating func random(below upperBound: Int) -> Int {
        Int(self.next() % UInt64(upperBound))
    }

    /// Whether a client-sent id can be kept: 1–128 visible ASCII characters, no separators that could
    /// smuggle a second header value.
    static func isAcceptable(_ id: String) -> Bool {
        guard !id.isEmpty, id.utf8.count <= 128 else { return false }
        return id.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ",") && $0 != UInt8(ascii: ";") }
    }
}
