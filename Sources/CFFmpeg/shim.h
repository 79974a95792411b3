#ifndef STRANGLER_CFFMPEG_SHIM_H
#define STRANGLER_CFFMPEG_SHIM_H

// FFmpeg 5.1 (Debian 12) for Swift. The libraries' headers, plus the macros Swift cannot import
// (function-like or compound-literal macros) re-exported as inline functions.

#include <errno.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/audio_fifo.h>
#include <libavutil/avutil.h>
#include <libavutil/channel_layout.h>
#include <libavutil/error.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>

/// AVERROR(e): a POSIX errno as a libav error code.
static inline int cff_averror(int posix_error) { return AVERROR(posix_error); }

/// AVERROR(EAGAIN): "send more input" / "receive output first".
static inline int cff_averror_eagain(void) { return AVERROR(EAGAIN); }

/// AVERROR_EOF: end of stream.
static inline int cff_averror_eof(void) { return AVERROR_EOF; }

/// AVERROR_INVALIDDATA: the input is not what it claims to be.
static inline int cff_averror_invalid_data(void) { return AVERROR_INVALIDDATA; }

/// AV_NOPTS_VALUE: "no timestamp".
static inline int64_t cff_nopts_value(void) { return AV_NOPTS_VALUE; }

/// AV_TIME_BASE_Q: microseconds, the time base of AVFormatContext.duration.
static inline AVRational cff_time_base_q(void) { return AV_TIME_BASE_Q; }

/// The plane pointers of a frame (`data` imports as an 8-tuple).
static inline uint8_t *cff_frame_plane(const AVFrame *frame, int plane) { return frame->data[plane]; }

/// The line size of one plane of a frame.
static inline int cff_frame_linesize(const AVFrame *frame, int plane) { return frame->linesize[plane]; }

/// The data pointers of a frame as the `uint8_t **` that audio APIs take.
static inline uint8_t **cff_frame_data(AVFrame *frame) { return frame->extended_data; }

#endif
