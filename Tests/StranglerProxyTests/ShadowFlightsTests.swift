import NIOCore
import Testing

@testable import StranglerProxy

/// The in-flight bound on shadows, and the spacing of admissions past half of it.
struct ShadowFlightsTests {
    let start = NIODeadline.uptimeNanoseconds(10_000_000_000)

    @Test func aBurstUpToHalfTheBoundIsMirroredWhole() throws {
        let flights = try Self.flights(meanHold: .milliseconds(1280), at: self.start)
        let burst = (0..<64).map { _ in flights.admit(now: self.start) }
        #expect(burst.allSatisfy { $0 != nil })
    }

    @Test func pastHalfTheBoundAdmissionsComeAtTheRatePlacesFreeUp() throws {
        // Places held 1.28 s on average, 128 of them: one frees up every 10 ms.
        let flights = try Self.flights(meanHold: .milliseconds(1280), at: self.start)
        for _ in 0..<64 { _ = flights.admit(now: self.start) }
        #expect(flights.admit(now: self.start) != nil)
        #expect(flights.admit(now: self.start) == nil)
        #expect(flights.admit(now: self.start + .milliseconds(9)) == nil)
        #expect(flights.admit(now: self.start + .milliseconds(10)) != nil)
    }

    @Test func theBoundHoldsWhateverTheTime() {
        let flights = ShadowFlights(limit: 4)
        var later = self.start
        for _ in 0..<4 {
            #expect(flights.admit(now: later) != nil)
            later = later + .seconds(60)
        }
        #expect(flights.admit(now: later + .seconds(60)) == nil)
    }

    @Test func aReleasedPlaceIsFreeAgain() throws {
        let flights = ShadowFlights(limit: 1)
        let held = try #require(flights.admit(now: self.start))
        #expect(flights.admit(now: self.start) == nil)
        flights.release(held, now: self.start + .milliseconds(5))
        #expect(flights.admit(now: self.start + .milliseconds(5)) != nil)
    }

    /// Flights with a bound of 128 that learned places are held `meanHold`, empty again at `now`.
    static func flights(meanHold: TimeAmount, at now: NIODeadline) throws -> ShadowFlights {
        let flights = ShadowFlights(limit: 128)
        let first = try #require(flights.admit(now: now - meanHold))
        flights.release(first, now: now)
        return flights
    }
}
