#pragma once

// Internal: conversions between our Request/Response values and Boost.Beast
// messages, for the server session and the client. Only .cpp files include
// this, so that users of the HTTP layer do not compile Beast.
//
// Thread safety: pure functions.

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <string>

#include "kernel/http/request.hpp"
#include "kernel/http/response.hpp"
#include "kernel/http/url.hpp"

namespace nucleus::http::internal {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

// Server side: a parsed request to a Request (an error for a malformed target).
Try<Request> fromBeast(BeastRequest&& message);

// Server side: copies status, reason and headers (not framing headers, which
// are the server's) onto `header`, plus Date.
template <class Fields>
void copyHead(const Response& response, unsigned version,
              boost::beast::http::header<false, Fields>& header);

// Server side: a complete response; `keepAlive` sets Connection as the version needs.
BeastResponse toBeast(Response&& response, unsigned version, bool keepAlive);

// Client side.
BeastRequest toBeast(const Request& request, const Endpoint& endpoint);
Response fromBeast(BeastResponse&& message);

// The Date header's value now (RFC 7231 IMF-fixdate).
std::string httpDate();

// Whether a header is framing the server or client controls itself.
bool isFramingHeader(std::string_view name);

template <class Fields>
void copyHead(const Response& response, unsigned version,
              boost::beast::http::header<false, Fields>& header)
{
  header.version(version);
  header.result(static_cast<unsigned>(response.status));
  header.reason(std::string(reasonPhrase(response.status)));
  for (const auto& [name, value] : response.headers) {
    if (!isFramingHeader(name)) header.insert(name, value);
  }
  if (!response.headers.has("Date")) header.set(boost::beast::http::field::date, httpDate());
}

}  // namespace nucleus::http::internal
