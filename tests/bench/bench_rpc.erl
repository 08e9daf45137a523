%% tests/bench/bench_rpc.erl: rpc calls per second between two erl nodes,
%% the faithful equivalent of rpc.lua (see its comments): N calls
%% rpc:call(B, erlang, abs, [-I]), one after another, each waited for.
%% Run as
%%   erl -sname B ... -run bench_rpc b
%%   erl -sname A ... -run bench_rpc a PEER N
%% printing the "name value" line of the Lua side: rpc_per_s.
-module(bench_rpc).
-export([b/0, a/1]).

b() ->
    register(bench, spawn(fun bench/0)).

bench() ->
    receive
        stop -> erlang:halt(0);
        _ -> bench()
    end.

report(Name, Value) ->
    io:format("~s ~.6g~n", [Name, float(Value)]).

now_ns() -> erlang:monotonic_time(nanosecond).

%% Any error ends the node with status 1 (and no crash dump to wait for).
a(Args) ->
    try a1(Args)
    catch Class:Reason:Stack ->
        io:format(standard_error, "bench_rpc a: ~p:~p ~p~n", [Class, Reason, Stack]),
        erlang:halt(1)
    end.

a1([PeerShort, NStr]) ->
    [_, Host] = string:split(atom_to_list(node()), "@"),
    Peer = list_to_atom(PeerShort ++ "@" ++ Host),
    N = list_to_integer(NStr),
    case net_kernel:connect_node(Peer) of
        true -> ok;
        Other -> error({cannot_connect, Peer, Other})
    end,
    calls(Peer, 100),
    T0 = now_ns(),
    calls(Peer, N),
    T1 = now_ns(),
    report("rpc_per_s", N / ((T1 - T0) / 1.0e9)),
    {bench, Peer} ! stop,
    timer:sleep(50),
    erlang:halt(0).

calls(_, 0) -> ok;
calls(Peer, I) ->
    I = rpc:call(Peer, erlang, abs, [-I]),
    calls(Peer, I - 1).
