-- wrk script: the chat request of post.lua with the key from the environment (BENCH_KEY), to the
-- model group BENCH_MODEL ("fast" when unset).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY")
wrk.body = '{"model":"' .. (os.getenv("BENCH_MODEL") or "fast") .. '","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Hello"}],"temperature":0.2}'
