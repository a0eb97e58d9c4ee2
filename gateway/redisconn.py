"""One way to turn a store URL into a redis-py asyncio client, for every Redis user.

Socket and connect timeouts are `timeout_s`, with no retries: a slow or absent Redis
fails a call within about `timeout_s` (the caller turns that into StoreError) instead
of stalling a request; later calls reconnect by themselves. A retried Lua call could
count a request twice, which is worse than failing it once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
from typing import TYPE_CHECKING, Any, cast

from gateway.errors import ConfigError

if TYPE_CHECKING:
    from redis.asyncio import Redis
    from redis.asyncio.cluster import RedisCluster
    from redis.commands.core import AsyncScript

SCHEMES = ("redis", "rediss", "redis+cluster", "rediss+cluster")
MAX_CONNECTIONS = 64


def is_memory(url: str) -> bool:
    return url in ("memory", "memory://")


def redis_client(
    url: str, *, prefix: str, timeout_s: float, decode_responses: bool, what: str = "store"
) -> Redis | RedisCluster:
    """A client for `redis://`, `rediss://` or `redis+cluster://` URLs."""
    if "{" in prefix or "}" in prefix:
        raise ConfigError(f"{what} prefix {prefix!r}: braces would change the cluster hash tag")
    scheme, sep, rest = url.partition("://")
    if not sep or scheme not in SCHEMES:
        raise ConfigError(
            f"{what} URL {url!r}: expected memory, redis://, rediss:// or redis+cluster://"
        )
    # Imported here so the in-memory backends work without touching redis-py.
    from redis.asyncio import BlockingConnectionPool, Redis
    from redis.asyncio.cluster import RedisCluster
    from redis.asyncio.retry import Retry
    from redis.backoff import NoBackoff

    options: dict[str, Any] = {
        "socket_timeout": timeout_s,
        "socket_connect_timeout": timeout_s,
        "decode_responses": decode_responses,
        "retry": Retry(NoBackoff(), 0),
    }
    if scheme.endswith("+cluster"):
        base = scheme.removesuffix("+cluster")
        return RedisCluster.from_url(f"{base}://{rest}", max_connections=MAX_CONNECTIONS, **options)
    # A blocking pool makes callers wait (at most timeout_s) for a connection instead of
    # opening ever more under a burst.
    pool = BlockingConnectionPool.from_url(
        url, max_connections=MAX_CONNECTIONS, timeout=timeout_s, **options
    )
    return Redis.from_pool(pool)


async def run_scripts(
    client: Redis,
    calls: Sequence[tuple[AsyncScript, list[Any], list[Any]]],
    *,
    raise_on_error: bool = True,
) -> list[Any]:
    """Run registered scripts (script, keys, args) in one round trip: EVALSHA in a pipeline.

    redis-py's pipelines run scripts too, but ask SCRIPT EXISTS first: a second round trip
    on every call. Here a script the server has lost (restart, SCRIPT FLUSH) answers
    NOSCRIPT; those calls alone are loaded and sent again, the others already ran and
    must not run twice. Not for cluster clients: their pipelines refuse scripts.
    With `raise_on_error=False` a call's own error (a Lua error) is returned in its place.
    """
    from redis.exceptions import NoScriptError

    results: list[Any] = [None] * len(calls)
    pending = list(range(len(calls)))
    for attempt in range(2):
        async with client.pipeline(transaction=False) as pipe:
            for i in pending:
                script, keys, args = calls[i]
                pipe.evalsha(script.sha, len(keys), *keys, *args)
            answers = await pipe.execute(raise_on_error=False)
        lost = []
        for i, answer in zip(pending, answers, strict=True):
            if isinstance(answer, NoScriptError) and attempt == 0:
                lost.append(i)
            elif isinstance(answer, Exception) and raise_on_error:
                raise answer
            else:
                results[i] = answer
        if not lost:
            break
        for i in lost:
            await client.script_load(calls[i][0].script)
        pending = lost
    return results


Call = tuple["AsyncScript", list[Any], list[Any]]


class ScriptBatcher:
    """Script calls made in one turn of the event loop leave together, in one pipeline.

    A request makes four or five script calls (usage: reserve, settle; signals: account,
    cross-account, settle), each a round trip through redis-py's pool: 95-147 µs of CPU
    each at 16 in flight, where two calls in one pipeline cost 180-210 µs together
    (`bench/redis_calls.py`, three runs on a machine whose speed drifts). Under load
    many requests call in the same loop turn; the batch is sent on the next turn, so a
    lone call waits for nothing but that turn. A connection failure fails every call of
    its batch, a script error only its own call, as with separate calls. Cluster clients
    call directly: their pipelines refuse scripts.
    """

    def __init__(self, client: Redis | RedisCluster) -> None:
        from redis.asyncio.cluster import RedisCluster

        self._client = client
        self.direct = isinstance(client, RedisCluster)
        """Calls go one by one (cluster clients), not batched."""
        self._queue: list[tuple[Call, asyncio.Future[Any]]] = []
        self._sending: set[asyncio.Task[None]] = set()

    async def run(self, script: AsyncScript, keys: list[Any], args: list[Any]) -> Any:
        if self.direct:
            return await script(keys=keys, args=args)
        return await self._enqueue((script, keys, args))

    async def run_all(self, calls: Sequence[Call]) -> list[Any]:
        """Several calls in the same batch; the first failure is raised after all ran."""
        pending: list[Awaitable[Any]]
        if self.direct:
            pending = [script(keys=keys, args=args) for script, keys, args in calls]
        else:
            pending = [self._enqueue(call) for call in calls]  # queued now, not as tasks later
        answers = await asyncio.gather(*pending, return_exceptions=True)
        for answer in answers:
            if isinstance(answer, BaseException):
                raise answer
        return answers

    def _enqueue(self, call: Call) -> asyncio.Future[Any]:
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[Any] = loop.create_future()
        if not self._queue:
            loop.call_soon(self._flush)
        self._queue.append((call, answer))
        return answer

    def _flush(self) -> None:
        batch, self._queue = self._queue, []
        task = asyncio.get_running_loop().create_task(self._send(batch))
        self._sending.add(task)  # the loop keeps only weak references to tasks
        task.add_done_callback(self._sending.discard)

    async def _send(self, batch: list[tuple[Call, asyncio.Future[Any]]]) -> None:
        try:
            results = await run_scripts(
                cast("Redis", self._client), [call for call, _ in batch], raise_on_error=False
            )
        except Exception as exc:
            results = [exc] * len(batch)  # the connection failed: every call of the batch
        except BaseException:
            for _, answer in batch:
                answer.cancel()
            raise
        for (_, answer), result in zip(batch, results, strict=True):
            if answer.done():
                continue  # its caller was cancelled; the script ran all the same
            if isinstance(result, Exception):
                answer.set_exception(result)
            else:
                answer.set_result(result)
