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
    register(bench, spawn(fun() -> bench(Echo, Sink) end)).

echo() ->
    receive {From, _} = M -> From ! M end,
    echo().

sink() ->
    receive {From, N} -> count(N), From ! done end,
    sink().

count(0) -> ok;
count(I) -> receive _ -> count(I - 1) end.

bench(Echo, Sink) ->
    receive
        stop -> erlang:halt(0);
        {hello, From} -> From ! {pids, Echo, Sink}, bench(Echo, Sink)
    end.

report(Name, Value) ->
    io:format("~s ~.6g~n", [Name, float(Value)]).

now_ns() -> erlang:monotonic_time(nanosecond).

%% Any error ends the node with status 1 (and no crash dump to wait for).
a(Args) ->
    try a1(Args)
    catch Class:Reason:Stack ->
        io:format(standard_error, "bench_dist a: ~p:~p ~p~n", [Class, Reason, Stack]),
        erlang:halt(1)
    end.

a1([PeerShort, RtNStr, OwNStr]) ->
    [_, Host] = string:split(atom_to_list(node()), "@"),
    Peer = list_to_atom(PeerShort ++ "@" ++ Host),
    RtN = list_to_integer(RtNStr),
    OwN = list_to_integer(OwNStr),
    Me = self(),
    T0 = now_ns(),
    case net_kernel:connect_node(Peer) of
        true -> ok;
        Other -> error({cannot_connect, Peer, Other})
    end,
    T1 = now_ns(),
    report("connect_us", (T1 - T0) / 1.0e3),
    {bench, Peer} ! {hello, Me},
    {Echo, Sink} = receive {pids, E, S} -> {E, S} end,
    ping(Echo, Me, 100),
    T2 = now_ns(),
    ping(Echo, Me, RtN),
    T3 = now_ns(),
    report("dist_rt_per_s", RtN / ((T3 - T2) / 1.0e9)),
    T4 = now_ns(),
    Sink ! {Me, OwN},
    blast(Sink, OwN),
    receive done -> ok end,
    T5 = now_ns(),
    report("dist_ow_per_s", OwN / ((T5 - T4) / 1.0e9)),
    {bench, Peer} ! stop,
    timer:sleep(50),
    erlang:halt(0).

ping(_, _, 0) -> ok;
ping(Echo, Me, I) ->
    Echo ! {Me, I},
    receive _ -> ok end,
    ping(Echo, Me, I - 1).

blast(_, 0) -> ok;
blast(Sink, I) -> Sink ! I, blast(Sink, I - 1).
