// Benchmark: latency of a RecordIO event stream from server to client.
//
// An HttpServer streams 100,000 small events (each carries the steady-clock
// time it was written) as RecordIO over a chunked response, one HTTP chunk per
// record, as the scheduler and operator event streams do. An HttpClient in the
// same process decodes the stream and measures, per event, the time from write
// to decode. The producer paces itself (bursts of 50 events, then 1 ms), as a
// busy master would, so the figures are delivery latency, not queueing of one
// huge burst.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "kernel/http/client.hpp"
#include "kernel/http/recordio.hpp"
#include "kernel/http/server.hpp"
#include "kernel/http/stream.hpp"

using namespace nucleus;
using Clock = std::chrono::steady_clock;

namespace {
constexpr size_t kEvents = 100'000;
constexpr size_t kBurst = 50;

int64_t nowNanos()
{
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}
}  // namespace

int main()
{
  Runtime runtime;
  runtime.start();

  http::ServerOptions options;
  options.ip = "127.0.0.1";
  http::HttpServer server(runtime, options);
  std::thread producer;
  (void)server.addRoute("POST", "/events", [&producer](http::Request) {
    auto stream = http::Stream::create();
    producer = std::thread([stream] {
      for (size_t i = 0; i < kEvents; ++i) {
        std::string event = R"({"type":"HEARTBEAT","sent_ns":)" + std::to_string(nowNanos()) + "}";
        if (!stream->write(http::recordio::encode(event))) return;
        if (i % kBurst == kBurst - 1) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      stream->close();
    });
    return Future<http::Response>(http::Response::streaming(stream, "application/json"));
  });
  Try<uint16_t> port = server.start();
  if (!port) {
    std::fprintf(stderr, "bench: %s\n", port.error().message.c_str());
    return 1;
  }

  http::HttpClient client(runtime);
  http::recordio::Decoder decoder;
  std::vector<int64_t> latencies;
  latencies.reserve(kEvents);
  std::string failure;
  auto started = Clock::now();
  http::ClientStream events = client.stream(
      http::Endpoint{"http", "127.0.0.1", *port},
      http::Request::post("/events", "{}", "application/json"),
      http::StreamCallbacks{
          [](const http::Response&) {},
          [&](std::string piece) {
                auto records = decoder.decode(piece);
                if (!records) {
                  failure = records.error().message;
                  return;
                }
                int64_t now = nowNanos();
                for (const auto& record : *records) {
                  auto at = record.find("\"sent_ns\":");
                  latencies.push_back(now - std::stoll(record.substr(at + 10)));
                }
              },
      });
  Try<Nothing> done = events.done().await(std::chrono::minutes(2));
  double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  if (producer.joinable()) producer.join();
  (void)server.stop().await(std::chrono::seconds(5));

  if (!done || !failure.empty() || latencies.size() != kEvents) {
    std::fprintf(stderr, "bench: stream failed after %zu events: %s%s\n", latencies.size(),
                 done ? "" : done.error().message.c_str(), failure.c_str());
    return 1;
  }
  std::sort(latencies.begin(), latencies.end());
  auto percentile = [&](double p) {
    return latencies[std::min(latencies.size() - 1, size_t(p * latencies.size()))] / 1000.0;
  };
  std::printf("events delivered:                   %12zu\n", latencies.size());
  std::printf("events/s (paced producer):          %12.0f\n", kEvents / seconds);
  std::printf("latency p50 (us):                   %12.1f\n", percentile(0.50));
  std::printf("latency p99 (us):                   %12.1f\n", percentile(0.99));
  return 0;
}
