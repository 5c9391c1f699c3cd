// The official SDKs against tokenrouterd: what a user's code does, with the SDKs' own parsing.
// Usage: node sdk_test.mjs BASE_URL KEY   (the daemon routes to tkr_fake_upstream --tool read_file)
import assert from "node:assert/strict";
import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";

const [baseURL, apiKey] = process.argv.slice(2);
const openai = new OpenAI({ baseURL: `${baseURL}/v1`, apiKey, maxRetries: 0 });
const anthropic = new Anthropic({ baseURL, apiKey, maxRetries: 0 });
const tools = [{ type: "function", function: { name: "read_file", description: "Read a file",
  parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] } } }];
const anthropicTools = [{ name: "read_file", description: "Read a file",
  input_schema: { type: "object", properties: { path: { type: "string" } }, required: ["path"] } }];
const messages = [{ role: "user", content: "Read the README" }];
let passed = 0;
let failed = 0;

async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (error) {
    failed++;
    console.log(`FAIL ${name}: ${error.stack || error}`);
  }
}

function assertToolInput(input) {
  assert.deepEqual(input, { path: "README.md" });
}

for (const model of ["gpt-4o", "gpt-via-anthropic"]) {
  await check(`openai chat non-streaming (${model})`, async () => {
    const r = await openai.chat.completions.create({ model, messages, tools });
    assert.equal(r.model, model);
    assert.equal(r.choices[0].message.content, "Hello from the fake upstream.");
    const call = r.choices[0].message.tool_calls[0];
    assert.equal(call.function.name, "read_file");
    assertToolInput(JSON.parse(call.function.arguments));
    assert.ok(r.usage.prompt_tokens > 0);
  });
  await check(`openai chat streaming (${model})`, async () => {
    const stream = await openai.chat.completions.create({ model, messages, tools, stream: true,
      stream_options: { include_usage: true } });
    let text = "";
    const args = {};
    let usage = null;
    for await (const chunk of stream) {
      assert.equal(chunk.model, model);
      if (chunk.usage) usage = chunk.usage;
      for (const choice of chunk.choices) {
        text += choice.delta.content ?? "";
        for (const call of choice.delta.tool_calls ?? []) {
          args[call.index] = (args[call.index] ?? "") + (call.function?.arguments ?? "");
        }
      }
    }
    assert.equal(text, "Hello from the fake upstream.");
    assertToolInput(JSON.parse(args[0]));
    assert.ok(usage && usage.completion_tokens > 0);
  });
}

for (const model of ["claude-sonnet-4-5", "claude-via-openai"]) {
  await check(`anthropic messages non-streaming (${model})`, async () => {
    const r = await anthropic.messages.create({ model, max_tokens: 256, messages, tools: anthropicTools });
    assert.equal(r.model, model);
    assert.equal(r.stop_reason, "tool_use");
    const text = r.content.find((b) => b.type === "text");
    assert.equal(text.text, "Hello from the fake upstream.");
    assertToolInput(r.content.find((b) => b.type === "tool_use").input);
    assert.equal(typeof r.usage.cache_read_input_tokens, "number");
  });
  await check(`anthropic messages streaming (${model})`, async () => {
    const stream = anthropic.messages.stream({ model, max_tokens: 256, messages, tools: anthropicTools });
    const final = await stream.finalMessage();
    assert.equal(final.model, model);
    assert.equal(final.stop_reason, "tool_use");
    assert.equal(final.content.find((b) => b.type === "text").text, "Hello from the fake upstream.");
    assertToolInput(final.content.find((b) => b.type === "tool_use").input);
    assert.ok(final.usage.input_tokens > 0);
  });
}

await check("errors arrive as the SDKs' typed errors", async () => {
  await assert.rejects(openai.chat.completions.create({ model: "no-such-model", messages }),
    (e) => e instanceof OpenAI.NotFoundError);
  const bad = new Anthropic({ baseURL, apiKey: "tr-not-a-key", maxRetries: 0 });
  await assert.rejects(bad.messages.create({ model: "claude-sonnet-4-5", max_tokens: 10, messages }),
    (e) => e instanceof Anthropic.AuthenticationError);
});

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
