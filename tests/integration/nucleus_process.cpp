#include "tests/integration/nucleus_process.hpp"

namespace nucleus::testing {

NucleusProcess::NucleusProcess(const std::string& command, const std::vector<std::string>& args,
                               const std::map<std::string, std::string>& env)
{
  std::vector<std::string> argv = {nucleusBinary(), command};
  argv.insert(argv.end(), args.begin(), args.end());
  process_ = std::make_unique<Process>(argv, dir_ / "nucleus.log", env);
}

bool NucleusProcess::waitHealthy(int port, std::chrono::seconds timeout)
{
  TestClient client;
  return waitUntil(
      [&] {
        if (process_->exited()) return true;  // stop waiting; the caller checks the log
        return client.get(port, "/health").status == 200;
      },
      timeout) &&
         !process_->exited();
}

TestClient::TestClient()
    : runtime_(std::make_unique<Runtime>(Runtime::Options{.ioThreads = 1, .blockingThreads = 1}))
{
  runtime_->start();
  client_ = std::make_unique<http::HttpClient>(*runtime_);
}

TestClient::~TestClient()
{
  client_.reset();
  runtime_->stop();
}

TestClient::Reply TestClient::get(int port, const std::string& target)
{
  return send(port, http::Request::get(target));
}

TestClient::Reply TestClient::send(int port, http::Request request)
{
  http::Endpoint endpoint;
  endpoint.host = "127.0.0.1";
  endpoint.port = static_cast<uint16_t>(port);
  const Try<http::Response>& response =
      client_->request(endpoint, std::move(request), std::chrono::seconds(10)).await();
  Reply reply;
  if (!response) {
    reply.error = response.error().message;
    return reply;
  }
  reply.status = response->status;
  reply.body = response->body;
  reply.headers = response->headers;
  return reply;
}

}  // namespace nucleus::testing
