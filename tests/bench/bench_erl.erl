%% tests/bench/bench_erl.erl: the BEAM side of make bench. Compiled with
%% erlc into a temporary folder and run as
%%   erl -noshell +S 1 -pa DIR -run bench_erl main WHAT N
%% It prints the same "name value" lines as the Lua scripts beside it; each
%% function here mirrors one of them (see their comments).
-module(bench_erl).
-export([main/1]).
-import(bench_lib, [report/2, now_ns/0]).

main([What, NStr | More]) ->
    N = list_to_integer(NStr),
    case What of
        "roundtrip" -> roundtrip(N, int);
        "roundtrip_tuple" -> roundtrip(N, tuple);
        "spawn" -> [B] = More, spawns(N, list_to_integer(B));
        "memory" -> memory(N)
    end,
    erlang:halt(0).

%% The echo gets the parent's pid through its closure and returns every
%% message; the parent sends the integer I and waits for it (roundtrip.lua).
echo(Parent) ->
    receive M -> Parent ! M, echo(Parent) end.

roundtrip(N, Kind) ->
    Me = self(),
    Echo = spawn(fun() -> echo(Me) end),
    T0 = now_ns(),
    case Kind of
        int -> ping_int(Echo, N);
        tuple -> ping_tuple(Echo, Me, N)
    end,
    T1 = now_ns(),
    exit(Echo, kill),
    report("roundtrips_per_s", N / ((T1 - T0) / 1.0e9)).

ping_int(_, 0) -> ok;
ping_int(Echo, I) ->
    Echo ! I,
    receive _ -> ok end,
    ping_int(Echo, I - 1).

ping_tuple(_, _, 0) -> ok;
ping_tuple(Echo, Me, I) ->
    Echo ! {Me, I},
    receive _ -> ok end,
    ping_tuple(Echo, Me, I - 1).

%% N processes that each send one message back and end; wait for all N,
%% in batches of B (0: all at once), as spawn.lua does.
spawns(N, B0) ->
    B = if B0 =< 0; B0 > N -> N; true -> B0 end,
    Me = self(),
    T0 = now_ns(),
    batches(Me, N, B),
    T1 = now_ns(),
    report("spawns_per_s", N / ((T1 - T0) / 1.0e9)).

batches(_, 0, _) -> ok;
batches(Me, Left, B) ->
    K = min(Left, B),
    spawn_n(Me, K),
    wait_n(K),
    batches(Me, Left - K, B).

spawn_n(_, 0) -> ok;
spawn_n(Me, I) -> spawn(fun() -> Me ! true end), spawn_n(Me, I - 1).

wait_n(0) -> ok;
wait_n(I) -> receive _ -> wait_n(I - 1) end.

%% N processes blocked in receive; the parent keeps only the last pid.
idle() -> receive _ -> ok end.

memory(N) ->
    garbage_collect(),
    M0 = erlang:memory(processes),
    R0 = rss(),
    Last = spawn_idle(N, undefined),
    wait_waiting(Last),
    garbage_collect(),
    M1 = erlang:memory(processes),
    R1 = rss(),
    report("heap_bytes_per_proc", (M1 - M0) / N),
    report("rss_bytes_per_proc", (R1 - R0) / N),
    {memory, PM} = process_info(Last, memory),
    report("process_info_memory", PM),
    report("live", length(processes())).

spawn_idle(0, Last) -> Last;
spawn_idle(I, _) -> spawn_idle(I - 1, spawn(fun idle/0)).

wait_waiting(P) ->
    receive after 1 -> ok end,
    case process_info(P, status) of
        {status, waiting} -> ok;
        _ -> wait_waiting(P)
    end.

rss() ->
    {ok, B} = file:read_file("/proc/self/status"),
    {match, [Kb]} = re:run(B, "VmRSS:\\s+(\\d+)", [{capture, all_but_first, list}]),
    list_to_integer(Kb) * 1024.
