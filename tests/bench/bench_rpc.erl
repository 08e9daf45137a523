%% tests/bench/bench_rpc.erl: rpc calls per second between two erl nodes,
%% the faithful equivalent of rpc.lua (see its comments): N calls
%% rpc:call(B, erlang, abs, [-I]), one after another, each waited for.
%% Run as
%%   erl -sname B ... -run bench_rpc b
%%   erl -sname A ... -run bench_rpc a PEER N
%% printing the "name value" line of the Lua side: rpc_per_s.
-module(bench_rpc).
-export([b/0, a/1]).

b() -> bench_lib:serve().

a([PeerShort, NStr]) ->
    Peer = bench_lib:peer(PeerShort),
    bench_lib:run("bench_rpc a", [Peer], fun() -> a(Peer, list_to_integer(NStr)) end).

a(Peer, N) ->
    true = net_kernel:connect_node(Peer),
    calls(Peer, 100),
    T0 = bench_lib:now_ns(),
    calls(Peer, N),
    T1 = bench_lib:now_ns(),
    bench_lib:report("rpc_per_s", N / ((T1 - T0) / 1.0e9)).

calls(_, 0) -> ok;
calls(Peer, I) ->
    I = rpc:call(Peer, erlang, abs, [-I]),
    calls(Peer, I - 1).
