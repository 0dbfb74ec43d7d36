#include "kernel/http/client.hpp"

#include "kernel/http/client_core.hpp"
#include "kernel/http/client_exchange.hpp"
#include "kernel/http/client_stream.hpp"

namespace nucleus::http {

namespace internal {

ClientCore::ClientCore(Runtime& runtime, ClientOptions options)
    : runtime(runtime),
      options(std::move(options)),
      pool(spawn<ConnectionPool>(runtime, this->options.maxIdlePerEndpoint,
                                 this->options.idleTimeout)),
      tls_(this->options.tls ? Try<TlsContext>(this->options.tls) : makeClientContext(TlsOptions{}))
{
}

Try<std::shared_ptr<Connection>> ClientCore::open(const Endpoint& endpoint)
{
  if (endpoint.scheme != "http" && endpoint.scheme != "https") {
    return Error("Failed to connect to " + endpoint.toString() + ": unsupported scheme '" +
                 endpoint.scheme + "' (use http or https)");
  }
  if (endpoint.secure() && !tls_) {
    return Error("Failed to connect to " + endpoint.toString() + ": " + tls_.message());
  }
  connectionsOpened++;
  return std::make_shared<Connection>(runtime.io(), endpoint,
                                      endpoint.secure() ? *tls_ : TlsContext());
}

}  // namespace internal

void ClientStream::cancel()
{
  if (exchange_) exchange_->cancel();
}

HttpClient::HttpClient(Runtime& runtime, Options options)
    : core_(std::make_shared<internal::ClientCore>(runtime, std::move(options)))
{
}

HttpClient::~HttpClient()
{
  send(core_->pool, [](internal::ConnectionPool& pool) { pool.closeAll(); });
}

Future<Response> HttpClient::request(const Endpoint& endpoint, Request request,
                                     std::chrono::milliseconds timeout)
{
  auto exchange =
      std::make_shared<internal::Exchange>(core_, endpoint, std::move(request), timeout);
  return exchange->start();
}

Future<Response> HttpClient::get(std::string_view url, std::chrono::milliseconds timeout)
{
  Try<Url> parsed = parseUrl(url);
  if (!parsed) return parsed.error();
  return request(parsed->endpoint, Request::get(parsed->target), timeout);
}

ClientStream HttpClient::stream(const Endpoint& endpoint, Request request,
                                StreamCallbacks callbacks, std::chrono::milliseconds headTimeout)
{
  ClientStream handle;
  handle.exchange_ = std::make_shared<internal::StreamExchange>(core_, endpoint, std::move(request),
                                                                std::move(callbacks), headTimeout);
  handle.done_ = handle.exchange_->start();
  return handle;
}

uint64_t HttpClient::connectionsOpened() const
{
  return core_->connectionsOpened.load();
}

Future<size_t> HttpClient::idleConnections() const
{
  return dispatch(core_->pool, [](internal::ConnectionPool& pool) { return pool.idleCount(); });
}

}  // namespace nucleus::http
