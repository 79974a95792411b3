/// Deterministic canary buckets: the same feature and user key give the same bucket in every process,
/// on every replica, across restarts.
///
/// `bucket = (fmix64(fnv1a64(utf8("<feature>:<key>"))) * 10000) >> 64`: FNV-1a 64 (offset basis
/// 0xcbf29ce484222325, prime 0x100000001b3), then MurmurHash3's 64-bit finalizer `fmix64`, reduced to
/// `0..<10000` by taking the high word of the 128-bit product. The finalizer matters: plain FNV-1a barely mixes
/// the last bytes into the high bits, so sequential keys (`user-1`, `user-2`, ...) put 8% instead of 10% of users
/// on the new side. Swift's `Hasher` is seeded per process and must never be used here.
public enum StickyBucket {
    /// Number of buckets: a canary percent `p` sends buckets `0..<p*100` to the new side.
    public static let count = 10_000

    /// The bucket, in `0..<10000`, of `key` for `feature`.
    public static func bucket(feature: String, key: String) -> Int {
        var hash = fnv1a64(feature.utf8, seed: offsetBasis)
        hash = fnv1a64(CollectionOfOne(UInt8(ascii: ":")), seed: hash)
        hash = fnv1a64(key.utf8, seed: hash)
        return reduce(hash)
    }

    /// The bucket, in `0..<10000`, of `key` for `feature`, without copying a substring of a header.
    public static func bucket(feature: String, key: Substring) -> Int {
        var hash = fnv1a64(feature.utf8, seed: offsetBasis)
        hash = fnv1a64(CollectionOfOne(UInt8(ascii: ":")), seed: hash)
        hash = fnv1a64(key.utf8, seed: hash)
        return reduce(hash)
    }

    /// A uniformly random bucket, for requests without a sticky key.
    public static func randomBucket() -> Int {
        Int.random(in: 0..<count)
    }

    /// FNV-1a 64 over `bytes`, continuing from `seed` (start from the offset basis).
    public static func fnv1a64(_ bytes: some Sequence<UInt8>, seed: UInt64 = offsetBasis) -> UInt64 {
        var hash = seed
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= prime
        }
        return hash
    }

    /// The FNV-1a 64 offset basis.
    public static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// MurmurHash3's `fmix64` avalanche, then the multiply-high reduction to `0..<count`.
    static func reduce(_ hash: UInt64) -> Int {
        var mixed = hash
        mixed ^= mixed >> 33
        mixed &*= 0xff51_afd7_ed55_8ccd
        mixed ^= mixed >> 33
        mixed &*= 0xc4ce_b9fe_1a85_ec53
        mixed ^= mixed >> 33
        return Int(mixed.multipliedFullWidth(by: UInt64(count)).high)
    }
}
