// tokenrouter pricing list [--missing] [--history] | set MODEL … | import FILE | export
// (admin ops pricing.*). Prices are USD per million tokens on the command line, nano-USD in
// storage; `set` and `import` add rows with an effective_from, so history is kept.
#include "cli/command.hpp"
#include "cli/output/table.hpp"
#include "core/util/time_text.hpp"

#include <fstream>
#include <sstream>

namespace tokenrouter::cli {

namespace {

struct SetOptions {
  std::string model;
  std::string provider;
  std::string prompt;
  std::string completion;
  std::string cache_read;
  std::string cache_write;
  std::string cache_write_1h;
};

std::string usd(const Json& price)
{
  return "$" + price["usd_per_mtok"].get<std::string>();
}

void render_prices(const Json& r, std::ostream& out)
{
  if (r.contains("missing")) {
    Table table({"MODEL", "PROVIDER", "REQUESTS", "TOKENS", "LAST SEEN"});
    for (const auto& m : r["missing"]) {
      table.add_row({m["model"].get<std::string>(), m["provider"].get<std::string>(),
                     m["requests"].dump(), m["tokens"].dump(),
                     util::format_iso8601(m["last_seen_ms"].get<int64_t>() / 1000)});
    }
    table.empty() ? void(out << "every model served has a price\n") : table.print(out, use_color());
    return;
  }
  const Json& list = r.contains("price") ? Json::array({r["price"]}) : r["prices"];
  Table table({"MODEL", "PROVIDER", "SINCE", "PROMPT/M", "COMPLETION/M", "CACHE READ/M", "WRITE/M", "WRITE 1H/M"});
  for (const auto& p : list) {
    const int64_t from = p["effective_from"].get<int64_t>();
    table.add_row({p["model"].get<std::string>(), p["provider"].get<std::string>(),
                   from == 0 ? "always" : util::format_iso8601(from), usd(p["prompt"]),
                   usd(p["completion"]), usd(p["cache_read"]), usd(p["cache_write"]),
                   usd(p["cache_write_1h"])});
  }
  table.print(out, use_color());
}

Json set_args(const SetOptions& o)
{
  Json args{{"model", o.model}, {"prompt_usd", o.prompt}, {"completion_usd", o.completion}};
  const std::pair<const char*, const std::string*> optional[] = {
      {"provider", &o.provider}, {"cache_read_usd", &o.cache_read},
      {"cache_write_usd", &o.cache_write}, {"cache_write_1h_usd", &o.cache_write_1h}};
  for (const auto& [name, value] : optional) {
    if (!value->empty()) {
      args[name] = *value;
    }
  }
  return args;
}

Result<Json> import_args(const std::string& path)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(ErrorCode::invalid_request, "cannot read " + path);
  }
  std::ostringstream text;
  text << in.rdbuf();
  // LiteLLM's sheet is a JSON object; anything else is read as our CSV.
  const std::string body = text.str();
  const bool json = body.find_first_not_of(" \t\r\n") != std::string::npos
                    && body[body.find_first_not_of(" \t\r\n")] == '{';
  return Json{{"text", body}, {"format", json ? "litellm" : "csv"}};
}

void setup_set(CLI::App* pricing, Registry& registry)
{
  auto o = std::make_shared<SetOptions>();
  auto* set = pricing->add_subcommand("set", "Set a model's prices from now on (USD per million tokens)");
  set->add_option("MODEL", o->model, "Model name as routed (e.g. gpt-4o, claude-sonnet-4-5)")->required();
  set->add_option("--prompt", o->prompt, "Prompt (uncached input) price")->required();
  set->add_option("--completion", o->completion, "Completion (output) price")->required();
  set->add_option("--cache-read", o->cache_read, "Cache-read price (default: the current one, else the prompt price)");
  set->add_option("--cache-write", o->cache_write, "Cache-write price (default: the current one, else the prompt price)");
  set->add_option("--cache-write-1h", o->cache_write_1h, "1-hour cache-write price (default: --cache-write)");
  set->add_option("--provider", o->provider, "Provider kind: openai, anthropic, deepseek … (default: as priced before)");
  bind_op(set, registry, "pricing.set", [o] { return set_args(*o); }, render_prices);
}

} // namespace

void setup_pricing(CLI::App& app, Registry& registry)
{
  auto* pricing = app.add_subcommand("pricing", "List, set, import and export model prices");
  pricing->require_subcommand(1);
  auto missing = std::make_shared<bool>(false);
  auto history = std::make_shared<bool>(false);
  auto* list = pricing->add_subcommand("list", "Prices in force now");
  list->add_flag("--missing", *missing, "Models served without a price (recorded at cost 0)");
  list->add_flag("--history", *history, "Every price with its effective_from, not just those in force");
  bind_op(list, registry, "pricing.list",
          [missing, history] { return Json{{"missing", *missing}, {"history", *history}}; }, render_prices);
  setup_set(pricing, registry);

  auto file = std::make_shared<std::string>();
  auto* import = pricing->add_subcommand("import", "Import a CSV (as export writes) or LiteLLM's model_prices_and_context_window.json");
  import->add_option("FILE", *file, "The price sheet")->required();
  import->callback([&registry, file] {
    registry.chosen = Action{[&registry, file]() -> Result<Json> {
                               TKR_TRY_ASSIGN(Json args, import_args(*file));
                               return registry.context.call("pricing.import", args);
                             },
                             [](const Json& r, std::ostream& out) {
                               out << "read " << r["read"] << " prices: " << r["written"] << " new, "
                                   << r["unchanged"] << " unchanged\n";
                             }};
  });
  auto* exported = pricing->add_subcommand("export", "Every price with its history, as CSV");
  bind_op(exported, registry, "pricing.export", [] { return Json::object(); },
          [](const Json& r, std::ostream& out) { out << r["csv"].get<std::string>(); });
}

} // namespace tokenrouter::cli
