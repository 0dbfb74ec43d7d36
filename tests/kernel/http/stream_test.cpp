#include <doctest/doctest.h>

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "http_test_util.hpp"
#include "kernel/http/recordio.hpp"
#include "kernel/http/stream.hpp"
#include "raw_socket.hpp"
#include "tests/support/temp_dir.hpp"

using namespace nucleus;
using namespace nucleus::http;
using namespace nucleus::testing;
using namespace std::chrono_literals;

namespace {

// A route that hands each subscriber's stream to the test and writes "first"
// before the response is even returned.
struct Subscribers {
  std::mutex mutex;
  std::vector<std::shared_ptr<Stream>> streams;
  std::atomic<int> closed{0};

  Handler handler()
  {
    return [this](Request) {
      auto stream = Stream::create();
      stream->onClosed([this] { closed++; });
      stream->write("first");
      {
        std::lock_guard lock(mutex);
        streams.push_back(stream);
      }
      return Future<Response>(Response::streaming(stream, "application/recordio"));
    };
  }

  std::shared_ptr<Stream> await(size_t index)
  {
    REQUIRE(waitUntil(
        [&] {
          std::lock_guard lock(mutex);
          return streams.size() > index;
        },
        5s));
    std::lock_guard lock(mutex);
    return streams[index];
  }
};

}  // namespace

TEST_CASE("each stream write goes out as its own HTTP chunk, in order, promptly")
{
  HttpFixture f;
  Subscribers subscribers;
  f.route("GET", "/events", subscribers.handler());
  f.start();

  RawSocket socket(f.port);
  socket.send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
  socket.readUntil("5\r\nfirst\r\n");
  std::string head = socket.received().substr(0, socket.received().find("\r\n\r\n") + 4);
  CHECK(head.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  CHECK(head.find("Transfer-Encoding: chunked\r\n") != std::string::npos);
  CHECK(head.find("Content-Type: application/recordio\r\n") != std::string::npos);
  CHECK(head.find("Content-Length") == std::string::npos);

  auto stream = subscribers.await(0);
  // Each write is flushed without waiting for more.
  CHECK(stream->write("hello world!"));
  socket.readUntil("c\r\nhello world!\r\n");
  CHECK(stream->write("ab"));
  CHECK(stream->write(""));  // ignored: an empty chunk would end the body
  CHECK(stream->write(std::string(300, 'z')));
  stream->close();
  CHECK(socket.readToEof());

  std::string body = socket.received().substr(head.size());
  CHECK(body == "5\r\nfirst\r\nc\r\nhello world!\r\n2\r\nab\r\n12c\r\n" + std::string(300, 'z') +
                    "\r\n0\r\n\r\n");
  CHECK_FALSE(stream->write("after close"));
  CHECK(waitUntil([&] { return f.server->counters().requestsServed == 1; }, 5s));
}

TEST_CASE("a client that disconnects mid-stream is noticed at once through onClosed")
{
  HttpFixture f;
  Subscribers subscribers;
  f.route("GET", "/events", subscribers.handler());
  f.start();

  auto socket = std::make_unique<RawSocket>(f.port);
  socket->send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
  socket->readUntil("5\r\nfirst\r\n");
  auto stream = subscribers.await(0);
  CHECK(subscribers.closed == 0);

  socket.reset();  // the client goes away without a word; nobody writes meanwhile
  CHECK(waitUntil([&] { return subscribers.closed == 1; }, 5s));
  CHECK_FALSE(stream->write("to nobody"));
  CHECK(stream->closeReason().find("the client went away") == 0);
  CHECK(waitUntil([&] { return f.server->counters().connectionsOpen == 0; }, 5s));
}

TEST_CASE("stop() ends open streams with their terminating chunk")
{
  HttpFixture f;
  Subscribers subscribers;
  f.route("GET", "/events", subscribers.handler());
  f.start();

  RawSocket socket(f.port);
  socket.send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
  socket.readUntil("5\r\nfirst\r\n");
  auto stream = subscribers.await(0);

  CHECK(f.server->stop().await(5s).has_value());
  CHECK(socket.readToEof());
  CHECK(socket.received().size() >= 5);
  CHECK(socket.received().substr(socket.received().size() - 5) == "0\r\n\r\n");
  CHECK(subscribers.closed == 1);
  CHECK(stream->closeReason() == "the server is stopping");
}

TEST_CASE("an HTTP/1.0 client gets the stream unframed, ended by closing the connection")
{
  HttpFixture f;
  Subscribers subscribers;
  f.route("GET", "/events", subscribers.handler());
  f.start();

  RawSocket socket(f.port);
  socket.send("GET /events HTTP/1.0\r\n\r\n");
  socket.readUntil("first");
  subscribers.await(0)->write("second");
  subscribers.await(0)->close();
  CHECK(socket.readToEof());
  const std::string& bytes = socket.received();
  CHECK(bytes.rfind("HTTP/1.0 200 OK\r\n", 0) == 0);
  CHECK(bytes.find("Transfer-Encoding") == std::string::npos);
  CHECK(bytes.substr(bytes.find("\r\n\r\n") + 4) == "firstsecond");
}

TEST_CASE("the client's stream() delivers the head and one callback per chunk, and cancels")
{
  HttpFixture f;
  Subscribers subscribers;
  f.route("GET", "/events", subscribers.handler());
  f.start();

  std::mutex mutex;
  int status = 0;
  std::vector<std::string> chunks;
  StreamCallbacks callbacks;
  callbacks.onHead = [&](const Response& head) {
    std::lock_guard lock(mutex);
    status = head.status;
  };
  callbacks.onChunk = [&](std::string chunk) {
    std::lock_guard lock(mutex);
    chunks.push_back(std::move(chunk));
  };
  auto count = [&] {
    std::lock_guard lock(mutex);
    return chunks.size();
  };

  ClientStream events = f.client->stream(f.endpoint(), Request::get("/events"), callbacks, 5s);
  auto stream = subscribers.await(0);
  stream->write(recordio::encode("{\"type\":\"SUBSCRIBED\"}"));
  stream->write(recordio::encode(std::string(100000, 'h')));  // larger than one read
  REQUIRE(waitUntil([&] { return count() == 3; }, 5s));
  {
    std::lock_guard lock(mutex);
    CHECK(status == 200);
    CHECK(chunks[0] == "first");
    CHECK(chunks[1] == "21\n{\"type\":\"SUBSCRIBED\"}");
    recordio::Decoder decoder;
    auto records = decoder.decode(chunks[2]);
    REQUIRE(records.has_value());
    CHECK(records->size() == 1);
    CHECK(records->front().size() == 100000);
  }
  CHECK(events.done().isPending());

  events.cancel();
  CHECK(events.done().await(5s).has_value());
  CHECK(waitUntil([&] { return subscribers.closed == 1; }, 5s));  // the server noticed

  // A stream that the server ends completes done() as well.
  ClientStream second = f.client->stream(f.endpoint(), Request::get("/events"), {}, 5s);
  subscribers.await(1)->close();
  CHECK(second.done().await(5s).has_value());
}
