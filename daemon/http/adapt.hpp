#pragma once
// httplib ↔ the gateway's transport-free request and reply.

#include <httplib.h>

#include "core/gateway/http_types.hpp"

namespace tokenrouter::daemon {

gateway::HttpRequest to_gateway_request(const httplib::Request& req, const httplib::Response& res);
void write_reply(gateway::HttpReply reply, httplib::Response& res);

} // namespace tokenrouter::daemon
