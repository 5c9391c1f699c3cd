// tokenrouter cassette import FILE.jsonl --cassette NAME [--dialect openai|anthropic|responses]
// Turns a log of raw request bodies (one JSON object per line) into a cassette of requests
// without answers: replay them against a gateway (`tokenrouter replay`), or through a daemon
// in replay-or-forward mode, which forwards them once and records the answers.
#include "cli/command.hpp"
#include "cli/commands/replay_runner.hpp"
#include "core/replay/cassette_file.hpp"

#include <fstream>

namespace tokenrouter::cli {

namespace {

struct ImportOptions {
  std::string file;
  std::string cassette;
  std::string dialect; // "" = guessed per line
};

// Anthropic bodies have a top-level system or max_tokens with content blocks; Responses
// bodies have `input`; anything else is OpenAI chat.
model::Dialect guess_dialect(const Json& body)
{
  if (body.contains("input") && !body.contains("messages")) {
    return model::Dialect::openai_responses;
  }
  if (body.contains("system") || body.contains("anthropic_version")
      || body.contains("stop_sequences")) {
    return model::Dialect::anthropic_messages;
  }
  return model::Dialect::openai_chat;
}

Result<Json> import_log(Context& context, const ImportOptions& o)
{
  std::optional<model::Dialect> forced;
  if (!o.dialect.empty()) {
    forced = replay::dialect_from_string(o.dialect);
    if (!forced) {
      return fail(ErrorCode::invalid_request, "--dialect must be openai, anthropic or responses");
    }
  }
  TKR_TRY_ASSIGN(const std::string dir, locate_cassette(context, o.cassette));
  std::ifstream in(o.file, std::ios::binary);
  if (!in) {
    return fail(ErrorCode::invalid_request, "cannot read " + o.file);
  }
  int64_t imported = 0;
  Json skipped = Json::array();
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    auto body = replay::Json::parse(line, nullptr, false);
    if (body.is_discarded() || !body.is_object() || !body.contains("model")) {
      if (!line.empty()) {
        skipped.push_back(number);
      }
      continue;
    }
    replay::Record record;
    record.client_dialect = forced.value_or(guess_dialect(Json(body)));
    record.client_path = replay::path_for(record.client_dialect);
    record.model = body.value("model", "");
    record.stream = body.value("stream", false);
    record.client_body = std::move(body);
    TKR_TRY(replay::append_record(dir, record));
    ++imported;
  }
  return Json{{"cassette", dir}, {"imported", imported}, {"skipped_lines", skipped}};
}

} // namespace

void setup_cassette(CLI::App& app, Registry& registry)
{
  auto* cassette = app.add_subcommand("cassette", "Manage record/replay cassettes");
  cassette->require_subcommand(1);
  auto o = std::make_shared<ImportOptions>();
  auto* import =
      cassette->add_subcommand("import", "Make a cassette from a JSONL log of raw request bodies");
  import->add_option("FILE", o->file, "One OpenAI or Anthropic request body per line")->required();
  import
      ->add_option(
          "--cassette", o->cassette, "Name of the cassette to append to (or its directory)")
      ->required();
  import->add_option(
      "--dialect", o->dialect, "openai | anthropic | responses (default: guessed per line)");
  import->callback([&registry, o] {
    registry.chosen = Action{[&registry, o] { return import_log(registry.context, *o);
}
, [](const Json& r, std::ostream& out) {
  out << "imported " << r["imported"] << " requests into " << r["cassette"].get<std::string>();
  if (!r["skipped_lines"].empty()) {
    out << " (skipped lines " << r["skipped_lines"].dump() << ")";
  }
  out << "\n";
}
}; // namespace tokenrouter::cli
});
}

} // namespace tokenrouter::cli
