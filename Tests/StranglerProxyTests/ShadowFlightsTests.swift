import NIOCore
import Testing

@testable import StranglerProxy

/// The in-flight bound on shadows per side, how it shrinks for a side much slower than the primary, and the
/// spacing of admissions past half of it.
struct ShadowFlightsTests {
    let start = NIODeadline.uptimeNanoseconds(10_000_000_000)
    let side = UpstreamKey(host: "127.0.0.1", port: 9102)

    @Test func aBurstUpToHalfTheBoundIsMirroredWhole() throws {
        let flights = try self.flights(meanHold: .milliseconds(1280), at: self.start)
        let burst = (0..<64).map { _ in flights.admit(self.side, now: self.start) }
        #expect(burst.allSatisfy { $0 != nil })
    }

    @Test func pastHalfTheBoundAdmissionsComeAtTheRatePlacesFreeUp() throws {
        // Places held 1.28 s on average, 128 of them: one frees up every 10 ms.
        let flights = try self.flights(meanHold: .milliseconds(1280), at: self.start)
        for _ in 0..<64 { _ = flights.admit(self.side, now: self.start) }
        #expect(flights.admit(self.side, now: self.start) != nil)
        #expect(flights.admit(self.side, now: self.start) == nil)
        #expect(flights.admit(self.side, now: self.start + .milliseconds(9)) == nil)
        #expect(flights.admit(self.side, now: self.start + .milliseconds(10)) != nil)
    }

    @Test func theBoundHoldsWhateverTheTime() {
        let flights = ShadowFlights(limit: 4)
        var later = self.start
        for _ in 0..<4 {
            #expect(flights.admit(self.side, now: later) != nil)
            later = later + .seconds(60)
        }
        #expect(flights.admit(self.side, now: later + .seconds(60)) == nil)
    }

    @Test func aReleasedPlaceIsFreeAgain() throws {
        let flights = ShadowFlights(limit: 1)
        let held = try #require(flights.admit(self.side, now: self.start))
        #expect(flights.admit(self.side, now: self.start) == nil)
        flights.release(held, now: self.start + .milliseconds(5))
        #expect(flights.admit(self.side, now: self.start + .milliseconds(5)) != nil)
    }

    @Test func eachSideHasItsOwnBound() {
        let flights = ShadowFlights(limit: 2)
        let other = UpstreamKey(host: "127.0.0.1", port: 9101)
        for _ in 0..<2 { #expect(flights.admit(self.side, now: self.start) != nil) }
        #expect(flights.admit(self.side, now: self.start) == nil)
        #expect(flights.admit(other, now: self.start) != nil)
    }

    @Test func aSlowSideDoesNotShrinkAFastOnesBound() throws {
        let flights = try self.flights(meanHold: .milliseconds(200), at: self.start)
        flights.primaryAnswered(self.side, after: .milliseconds(1))
        let fast = UpstreamKey(host: "127.0.0.1", port: 9101)
        let first = try #require(flights.admit(fast, now: self.start))
        flights.release(first, now: self.start + .milliseconds(2))
        flights.primaryAnswered(fast, after: .milliseconds(1))
        #expect(flights.bound(for: self.side) == 8)
        #expect(flights.bound(for: fast) == 128)
    }

    @Test func aSideAboutAsFastAsThePrimaryKeepsTheWholeBound() throws {
        // The primary answers in 1 ms; the side's places are held 3 ms: within 4x.
        let flights = try self.flights(meanHold: .milliseconds(3), at: self.start)
        flights.primaryAnswered(self.side, after: .milliseconds(1))
        #expect(flights.bound(for: self.side) == 128)
    }

    @Test(arguments: [(200, 8), (16, 32), (40, 12), (2000, 8)])
    func aSlowerSideGetsFewerPlaces(holdMilliseconds: Int64, expected: Int) throws {
        // 128 places while a side answers within 4 ms (4x the primary's 1 ms), then in proportion, at least 8.
        let flights = try self.flights(meanHold: .milliseconds(holdMilliseconds), at: self.start)
        flights.primaryAnswered(self.side, after: .milliseconds(1))
        #expect(flights.bound(for: self.side) == expected)
        let admitted = (0..<128).compactMap { _ in flights.admit(self.side, now: self.start) }
        #expect(admitted.count == expected / 2 + 1)  // half the bound at once, then spaced
    }

    @Test func aSideThatRecoversGetsItsPlacesBack() throws {
        let flights = try self.flights(meanHold: .milliseconds(200), at: self.start)
        flights.primaryAnswered(self.side, after: .milliseconds(1))
        #expect(flights.bound(for: self.side) == 8)
        var now = self.start
        for _ in 0..<64 {
            let admission = try #require(flights.admit(self.side, now: now))
            now = now + .milliseconds(1)
            flights.release(admission, now: now)
        }
        #expect(flights.bound(for: self.side) == 128)
    }

    /// Flights with a bound of 128 that learned places on `side` are held `meanHold`, empty again at `now`.
    func flights(meanHold: TimeAmount, at now: NIODeadline) throws -> ShadowFlights {
        let flights = ShadowFlights(limit: 128)
        let first = try #require(flights.admit(self.side, now: now - meanHold))
        flights.release(first, now: now)
        return flights
    }
}
