// The openai SDK's Responses API against tokenrouterd (the fake upstream answers every turn
// with some text and a read_file call). gpt-4o is a pass-through to a Responses upstream;
// claude-sonnet-4-5 and gpt-via-anthropic are translated to Anthropic Messages.
// Usage: node responses_test.mjs BASE_URL KEY
import assert from "node:assert/strict";
import OpenAI from "openai";

const [baseURL, apiKey] = process.argv.slice(2);
const openai = new OpenAI({ baseURL: `${baseURL}/v1`, apiKey, maxRetries: 0 });
const tools = [{ type: "function", name: "read_file", description: "Read a file",
  parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] } }];
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

function toolCall(response) {
  const call = response.output.find((item) => item.type === "function_call");
  assert.ok(call, "a function_call item");
  assert.equal(call.name, "read_file");
  assert.deepEqual(JSON.parse(call.arguments), { path: "README.md" });
  return call;
}

for (const model of ["gpt-4o", "claude-sonnet-4-5"]) {
  await check(`responses.create ${model}`, async () => {
    const response = await openai.responses.create({ model, input: "Read the README", tools });
    assert.equal(response.model, model);
    assert.equal(response.status, "completed");
    assert.ok(response.output_text.length > 0);
    assert.ok(response.usage.input_tokens > 0);
    toolCall(response);
  });

  await check(`responses.stream ${model}`, async () => {
    const stream = openai.responses.stream({ model, input: "Read the README", tools });
    const types = [];
    let text = "";
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === "response.output_text.delta") {
        text += event.delta;
      }
    }
    const response = await stream.finalResponse();
    assert.equal(response.model, model);
    // The SDK's stream helper does not set output_text on finalResponse(); read the items.
    const finalText = response.output.filter((item) => item.type === "message")
      .flatMap((item) => item.content).filter((part) => part.type === "output_text")
      .map((part) => part.text).join("");
    assert.ok(text.length > 0);
    assert.equal(finalText, text);
    assert.equal(types[0], "response.created");
    assert.equal(types.at(-1), "response.completed");
    assert.ok(types.includes("response.function_call_arguments.done"));
    toolCall(response);
  });
}

await check("previous_response_id through translation", async () => {
  const first = await openai.responses.create({ model: "claude-sonnet-4-5", input: "Remember 7" });
  const second = await openai.responses.create({ model: "claude-sonnet-4-5",
    previous_response_id: first.id, input: "Which number?" });
  assert.equal(second.status, "completed");
});

await check("store false: an unknown previous_response_id is a NotFoundError", async () => {
  const first = await openai.responses.create({ model: "claude-sonnet-4-5", input: "hi", store: false });
  await assert.rejects(
    openai.responses.create({ model: "claude-sonnet-4-5", previous_response_id: first.id, input: "x" }),
    (error) => error instanceof OpenAI.NotFoundError);
});

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
