import Foundation

/// Helpers for the raw text of JSON strings and numbers on a tape.
enum JSONText {
    /// The value of a hexadecimal digit, or `nil`.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// The Unicode scalars of a string's raw bytes (between the quotes), with escapes resolved. Lone
    /// surrogates and invalid UTF-8 become U+FFFD.
    static func decode(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        guard raw.contains(UInt8(ascii: "\\")) else { return String(decoding: raw, as: UTF8.self) }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            index += 1
            guard byte == UInt8(ascii: "\\"), index < raw.count else {
                utf8.append(byte)
                continue
            }
            let escape = raw[index]
            index += 1
            switch escape {
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(raw, at: index) ?? 0xFFFD
                index += 4
                if (0xD800..<0xDC00).contains(scalar), index + 1 < raw.count, raw[index] == UInt8(ascii: "\\"),
                    raw[index + 1] == UInt8(ascii: "u"), let low = hex4(raw, at: index + 2),
                    (0xDC00..<0xE000).contains(low)
                {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                }
                let value = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                utf8.append(contentsOf: String(Character(value)).utf8)
            default: utf8.append(escape)
            }
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    static func hex4(_ raw: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt32? {
        guard index + 4 <= raw.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            guard let digit = hexValue(raw[index + offset]) else { return nil }
            value = value << 4 | digit
        }
        return value
    }

    /// The value of a JSON number's raw text.
    static func number(_ raw: UnsafeBufferPointer<UInt8>) -> Double {
        Double(String(decoding: raw, as: UTF8.self)) ?? .nan
    }

    // MARK: Equality of scalars

    /// Whether two numbers' raw texts are equal within `tolerance`.
    static func numbersEqual(
        _ a: UnsafeBufferPointer<UInt8>,
        _ b: UnsafeBufferPointer<UInt8>,
        tolerance: Double
    ) -> Bool {
        if a.elementsEqual(b) { return true }
        let isInteger = { (t: UnsafeBufferPointer<UInt8>) in
            !t.contains { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") }
        }
        // Distinct integer texts are distinct integers; comparing them as doubles would merge big ids.
        if tolerance == 0, isInteger(a), isInteger(b) { return false }
        let x = number(a)
        let y = number(b)
        return x == y || abs(x - y) <= tolerance
    }

    /// Whether two strings' raw texts (between the quotes) are equal; `escaped` says whether a text has an
    /// escape, in which case the strings are compared by Unicode scalars.
    static func stringsEqual(
        _ a: UnsafeBufferPointer<UInt8>,
        escaped aEscaped: Bool,
        _ b: UnsafeBufferPointer<UInt8>,
        escaped bEscaped: Bool
    ) -> Bool {
        if a.elementsEqual(b) { return true }
        guard aEscaped || bEscaped else { return false }
        return decode(a).unicodeScalars.elementsEqual(decode(b).unicodeScalars)
    }

    // MARK: Raw bytes

    /// Whether `a[aStart..<aEnd]` and `b[bStart..<bEnd]` hold the same bytes.
    @inline(__always)
    static func sameBytes(
        _ a: UnsafeBufferPointer<UInt8>,
        _ aRange: Range<Int>,
        _ b: UnsafeBufferPointer<UInt8>,
        _ bRange: Range<Int>
    ) -> Bool {
        guard aRange.count == bRange.count else { return false }
        guard !aRange.isEmpty else { return true }
        return memcmp(a.baseAddress! + aRange.lowerBound, b.baseAddress! + bRange.lowerBound, aRange.count) == 0
    }

    /// How many bytes `a` and `b` have in common from their starts: 256 at a time with `memcmp` while they
    /// agree, then 8 at a time.
    static func commonPrefix(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let count = min(a.count, b.count)
        guard count > 0, let pa = a.baseAddress, let pb = b.baseAddress else { return 0 }
        var index = 0
        while index + 256 <= count, memcmp(pa + index, pb + index, 256) == 0 { index += 256 }
        while index + 8 <= count {
            let x = UnsafeRawPointer(pa + index).loadUnaligned(as: UInt64.self)
            let y = UnsafeRawPointer(pb + index).loadUnaligned(as: UInt64.self)
            let differing = x ^ y
            // Little-endian loads: the lowest set bit is in the first differing byte.
            if differing != 0 { return index + differing.littleEndian.trailingZeroBitCount >> 3 }
            index += 8
        }
        while index < count, pa[index] == pb[index] { index += 1 }
        return index
    }
}
