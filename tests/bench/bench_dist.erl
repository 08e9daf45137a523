%% tests/bench/bench_dist.erl: the distribution benchmarks on two erl nodes,
%% the faithful equivalent of dist.lua (see its comments). Run as
%%   erl -sname B ... -run bench_dist b
%%   erl -sname A ... -run bench_dist a PEER RT_N OW_N
%% with the "name value" lines of the Lua side: connect_us, dist_rt_per_s,
%% dist_ow_per_s.
-module(bench_dist).
-export([b/0, a/1]).

b() ->
    Echo = spawn(fun echo/0),
    Sink = spawn(fun sink/0),
    bench_lib:serve(fun({hello, From}, S) -> From ! {pids, Echo, Sink}, S end, none).

echo() ->
    receive {From, _} = M -> From ! M end,
    echo().

sink() ->
    receive {From, N} -> count(N), From ! done end,
    sink().

count(0) -> ok;
count(I) -> receive _ -> count(I - 1) end.

a([PeerShort, RtNStr, OwNStr]) ->
    Peer = bench_lib:peer(PeerShort),
    bench_lib:run("bench_dist a", [Peer], fun() ->
        a(Peer, list_to_integer(RtNStr), list_to_integer(OwNStr)) end).

a(Peer, RtN, OwN) ->
    Me = self(),
    T0 = bench_lib:now_ns(),
    case net_kernel:connect_node(Peer) of
        true -> ok;
        Other -> error({cannot_connect, Peer, Other})
    end,
    T1 = bench_lib:now_ns(),
    bench_lib:report("connect_us", (T1 - T0) / 1.0e3),
    {bench, Peer} ! {hello, Me},
    {Echo, Sink} = receive {pids, E, S} -> {E, S} end,
    ping(Echo, Me, 100),
    T2 = bench_lib:now_ns(),
    ping(Echo, Me, RtN),
    T3 = bench_lib:now_ns(),
    bench_lib:report("dist_rt_per_s", RtN / ((T3 - T2) / 1.0e9)),
    T4 = bench_lib:now_ns(),
    Sink ! {Me, OwN},
    blast(Sink, OwN),
    receive done -> ok end,
    T5 = bench_lib:now_ns(),
    bench_lib:report("dist_ow_per_s", OwN / ((T5 - T4) / 1.0e9)).

ping(_, _, 0) -> ok;
ping(Echo, Me, I) ->
    Echo ! {Me, I},
    receive _ -> ok end,
    ping(Echo, Me, I - 1).

blast(_, 0) -> ok;
blast(Sink, I) -> Sink ! I, blast(Sink, I - 1).
