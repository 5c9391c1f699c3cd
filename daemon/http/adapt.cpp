#include "daemon/http/adapt.hpp"

#include <memory>

namespace tokenrouter::daemon {

namespace {

class SinkAdapter final : public gateway::ChunkSink {
public:
  explicit SinkAdapter(httplib::DataSink& sink) : m_sink(sink) {}
  bool write(std::string_view data) override
  {
    if (data.empty()) {
      return true;
    }
    return m_sink.is_writable() && m_sink.write(data.data(), data.size());
  }

private:
  httplib::DataSink& m_sink;
};

} // namespace

gateway::HttpRequest to_gateway_request(const httplib::Request& req, const httplib::Response& res)
{
  gateway::HttpRequest out;
  out.method = req.method;
  out.path = req.path;
  for (const auto& [name, value] : req.params) {
    out.query.emplace(name, value);
  }
  out.headers.reserve(req.headers.size());
  for (const auto& [name, value] : req.headers) {
    out.headers.emplace_back(name, value);
  }
  out.body = req.body;
  out.request_id = res.get_header_value("x-request-id");
  out.remote_addr = req.remote_addr;
  return out;
}

void write_reply(gateway::HttpReply reply, httplib::Response& res)
{
  res.status = reply.status;
  for (auto& [name, value] : reply.headers) {
    res.set_header(name, value);
  }
  if (!reply.stream) {
    res.set_content(std::move(reply.body), reply.content_type);
    if (reply.on_close) {
      reply.on_close();
    }
    return;
  }
  // The gateway writes the whole stream in one call; httplib calls the releaser afterwards, or
  // alone when the client left before the stream started.
  auto stream = std::make_shared<std::function<void(gateway::ChunkSink&)>>(std::move(reply.stream));
  auto on_close = std::make_shared<std::function<void()>>(std::move(reply.on_close));
  res.set_chunked_content_provider(
      reply.content_type,
      [stream](size_t, httplib::DataSink& sink) {
        SinkAdapter adapter(sink);
        (*stream)(adapter);
        sink.done();
        return true;
      },
      [on_close](bool) {
        if (*on_close) {
          (*on_close)();
        }
      });
}

} // namespace tokenrouter::daemon
