-- wrk script: a streamed chat completion (warms the streaming path before TTFT is measured).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-bench-master-key"
wrk.body = '{"model":"fast-stream","stream":true,"messages":[{"role":"user","content":"Hello"}]}'
