import StranglerCore
import Testing

struct QuantityTests {
    @Test(arguments: [
        ("250ms", Duration.milliseconds(250)), ("5s", .seconds(5)), ("1.5s", .milliseconds(1500)),
        ("2m", .seconds(120)),
        ("1h", .seconds(3600)), ("0s", .zero),
    ])
    func parsesDurations(_ text: String, _ duration: Duration) {
        #expect(Quantity.parseDuration(text) == duration)
    }

    @Test(arguments: ["5", "s", "5 sec", "-1s", "5S", "1d", "ms", "1e3s", ""])
    func rejectsDurations(_ text: String) {
        #expect(Quantity.parseDuration(text) == nil)
    }

    @Test(arguments: [
        ("65536", 65536), ("512KiB", 512 << 10), ("64MiB", 64 << 20), ("1GiB", 1 << 30), ("2TiB", 2 << 40), ("10B", 10),
        ("1_000", 1000), ("64 MiB", 64 << 20),
    ])
    func parsesSizes(_ text: String, _ bytes: Int) {
        #expect(Quantity.parseSize(text) == bytes)
    }

    @Test(arguments: ["64MB", "1.5GiB", "-1", "KiB", "lots", "", "99999999999999GiB"])
    func rejectsSizes(_ text: String) {
        #expect(Quantity.parseSize(text) == nil)
    }

    @Test func formats() {
        #expect(Quantity.format(.milliseconds(250)) == "250ms")
        #expect(Quantity.format(.milliseconds(1500)) == "1.5s")
        #expect(Quantity.format(.seconds(5)) == "5s")
        #expect(Quantity.format(.seconds(120)) == "2m")
        #expect(Quantity.format(.seconds(7200)) == "2h")
        #expect(Quantity.format(bytes: 64 << 20) == "64MiB")
        #expect(Quantity.format(bytes: 1000) == "1000")
        #expect(Quantity.format(bytes: 1 << 30) == "1GiB")
    }
}
