import os
import sys
sys.path[:0] = [os.path.dirname(os.path.abspath(__file__)), sys.argv[3]]
import judge0
from judge0 import Client, Submission, Status, LanguageAlias

endpoint, key = sys.argv[1], sys.argv[2]
client = Client(endpoint, headers={"X-Auth-Token": key})
print("languages:", client.languages)
print("version:", client.version, "python id:", client.get_language_id(LanguageAlias.PYTHON))
sub = Submission(source_code="name = input()\nprint(f'hello, {name} ✓')\n", language=LanguageAlias.PYTHON, stdin="Judge0", expected_output="hello, Judge0 ✓")
client.create_submission(sub)
import time
for _ in range(200):
    client.get_submission(sub)
    if sub.is_done():
        break
    time.sleep(0.1)
print("single:", sub.status, repr(sub.stdout), sub.time, sub.memory, sub.created_at, sub.finished_at)
assert sub.status == Status.ACCEPTED, sub.status
subs = [Submission(source_code=f"print({i} * 3)", language=LanguageAlias.PYTHON) for i in range(5)]
client.create_submissions(subs)
for _ in range(200):
    client.get_submissions(subs)
    if all(s.is_done() for s in subs):
        break
    time.sleep(0.2)
print("batch:", [(s.status, s.stdout) for s in subs])
assert [s.stdout for s in subs] == [f"{i*3}\n" for i in range(5)]
bad = Submission(source_code="print(\n", language=LanguageAlias.PYTHON)
result = judge0.run(client=client, submissions=bad)
print("syntax:", result.status, repr(result.compile_output))
assert result.status == Status.COMPILATION_ERROR
ran = judge0.run(client=client, source_code="import sys\nsys.stdout.buffer.write('é'.encode())\n", language=LanguageAlias.PYTHON)
print("run():", ran.status, repr(ran.stdout))
print("SDK OK")
