import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// Streams a `multipart/form-data` upload: the `file` part goes straight into an ``UploadSpool``
/// buffer by buffer; small text fields (like `title`) are kept in memory.
///
/// Shared by the legacy stub and the upload service so both frame (and reject) uploads alike.
package struct MultipartUploadReader {
    /// What was received.
    package struct Result {
        /// The `file` part, spooled to a temporary file.
        package let file: SpooledFile
        /// The other (text) fields by name.
        package let fields: [String: String]
    }

    /// The largest text field accepted.
    package static let maxFieldBytes = 4096

    private enum Event {
        case header(name: String, value: String)
        case body(ByteBuffer)
        case partComplete
    }

    /// Collects parser callbacks between awaits (the parser is synchronous; writing is not).
    private final class EventQueue {
        var events: [Event] = []
    }

    /// The multipart boundary from the Content-Type.
    package let boundary: String
    /// Where the `file` part is spooled.
    package let temporaryDirectory: String
    /// The most body bytes accepted; more is a 413.
    package let maxBytes: Int64

    /// A reader for one upload body.
    package init(boundary: String, temporaryDirectory: String, maxBytes: Int64) {
        self.boundary = boundary
        self.temporaryDirectory = temporaryDirectory
        self.maxBytes = maxBytes
    }

    /// Reads `body` to its end. On any error the partial file is deleted before rethrowing.
    package func receive(_ body: RequestBody) async throws -> Result {
        let parser = MultipartParser(boundary: boundary)
        let queue = EventQueue()
        parser.onHeader = { queue.events.append(.header(name: $0, value: $1)) }
        parser.onBody = { queue.events.append(.body($0)) }
        parser.onPartComplete = { queue.events.append(.partComplete) }

        var state = PartState()
        do {
            var received: Int64 = 0
            for try await buffer in body {
                received += Int64(buffer.readableBytes)
                guard received <= maxBytes else { throw APIError.payloadTooLarge(limit: maxBytes) }
                do {
                    try parser.execute(buffer)
                } catch {
                    throw APIError.badRequest("bad_multipart", "The multipart body is malformed.")
                }
                let events = queue.events
                queue.events.removeAll(keepingCapacity: true)
                for event in events {
                    try await self.handle(event, state: &state)
                }
            }
            guard let file = state.finishedFile else {
                throw APIError.badRequest("missing_file", "The multipart body needs a complete part named 'file'.")
            }
            return Result(file: file, fields: state.fields)
        } catch {
            if let spool = state.spool { await spool.discard() }
            state.finishedFile?.remove()
            throw error
        }
    }

    /// Where the parser is: which part, and what has been kept so far.
    private struct PartState {
        var name: String?
        var isFile = false
        var text: [UInt8] = []
        var spool: UploadSpool?
        var finishedFile: SpooledFile?
        var fields: [String: String] = [:]
    }

    private func handle(_ event: Event, state: inout PartState) async throws {
        switch event {
        case .header(let name, let value):
            guard name.lowercased() == "content-disposition" else { return }
            let parameters = value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            state.name = UploadContentType.parameter("name", in: parameters)
            state.isFile = state.name == "file" && state.finishedFile == nil
        case .body(let buffer):
            if state.isFile {
                if state.spool == nil {
                    state.spool = try await UploadSpool.create(in: temporaryDirectory)
                }
                try await state.spool!.append(buffer)
            } else if state.name != nil {
                state.text.append(contentsOf: buffer.readableBytesView)
                guard state.text.count <= Self.maxFieldBytes else {
                    throw APIError.badRequest(
                        "field_too_large",
                        "Form fields other than 'file' are limited to \(Self.maxFieldBytes) bytes."
                    )
                }
            }
        case .partComplete:
            if state.isFile {
                var spool: UploadSpool
                if let existing = state.spool {
                    spool = existing
                } else {
                    spool = try await UploadSpool.create(in: temporaryDirectory)
                }
                state.spool = nil
                do {
                    state.finishedFile = try await spool.finish()
                } catch {
                    await spool.discard()
                    throw error
                }
            } else if let name = state.name {
                state.fields[name] = String(decoding: state.text, as: UTF8.self)
            }
            state.name = nil
            state.isFile = false
            state.text = []
        }
    }
}
