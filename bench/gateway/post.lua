-- wrk script: a small chat completion request, as the assistant sends them.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-bench-master-key"
wrk.body = '{"model":"fast","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Hello"}],"temperature":0.2}'
