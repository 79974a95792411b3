/// Two routes of different features that could match the same request with equal precedence: the route file
/// would silently pick one by file order, so validation rejects it instead.
struct RouteOverlap {
    /// Feature and route index of the earlier route in the file.
    var first: (feature: Int, route: Int)
    /// Feature and route index of the later route, where the error points.
    var second: (feature: Int, route: Int)

    /// The first overlap in file order, if any.
    static func first(in table: RouteTable) -> RouteOverlap? {
        var earlier: [(feature: Int, route: Int, pattern: PathPattern, methods: MethodSet)] = []
        for (featureIndex, feature) in table.features.enumerated() {
            for (routeIndex, route) in feature.routes.enumerated() {
                let methods = MethodSet(route.methods)
                for other in earlier where other.feature != featureIndex {
                    guard other.pattern.kind == route.path.kind, other.pattern.ties(with: route.path),
                        other.pattern.overlaps(route.path), other.methods.intersects(methods)
                    else { continue }
                    return RouteOverlap(first: (other.feature, other.route), second: (featureIndex, routeIndex))
                }
                earlier.append((featureIndex, routeIndex, route.path, methods))
            }
        }
        return nil
    }

    /// The error message: both routes, both features, and what to do.
    func message(in table: RouteTable, marks: [[SourceMark]]) -> String {
        let firstFeature = table.features[first.feature]
        let secondFeature = table.features[second.feature]
        let firstRoute = firstFeature.routes[first.route]
        let secondRoute = secondFeature.routes[second.route]
        let line = marks[first.feature][first.route].line
        let same =
            firstRoute.path == secondRoute.path ? "the same path" : "\(secondRoute.path.kind)s of equal precedence"
        return "route '\(secondRoute)' of feature '\(secondFeature.name)' overlaps route '\(firstRoute)' of feature "
            + "'\(firstFeature.name)' (line \(line)): \(same) with a shared method; make one path more specific, "
            + "split the methods, or move both routes into one feature"
    }
}
