%% tests/bench/bench_pg.erl: pg join/leave pairs per second on node A,
%% counted until node B sees the final state; the faithful equivalent of
%% pg.lua (see its comments). Each node starts pg's default scope. Run as
%%   erl -sname B ... -run bench_pg b
%%   erl -sname A ... -run bench_pg a PEER N
%% printing the "name value" line of the Lua side: pg_pairs_per_s.
%% By hand (erlc -o /tmp tests/bench/bench_lib.erl tests/bench/bench_pg.erl;
%% an epmd on port 4400):
%%   ERL_EPMD_PORT=4400 erl -noshell +S 1 -start_epmd false -setcookie bench \
%%     -pa /tmp -sname epgb -run bench_pg b &
%%   ERL_EPMD_PORT=4400 erl -noshell +S 1 -start_epmd false -setcookie bench \
%%     -pa /tmp -sname epga -run bench_pg a epgb 100000
-module(bench_pg).
-export([b/0, a/1]).

b() ->
    {ok, _} = pg:start(pg),
    bench_lib:serve(fun handle/2, waiting).

%% State: waiting for hello, then {Ref, From} with Ref our pg monitor.
handle({hello, From}, waiting) ->
    {Ref, _} = pg:monitor(bench_mark),
    From ! ready,
    {Ref, From};
handle({Ref, join, bench_mark, _}, {Ref, From} = S) ->
    From ! {seen, length(pg:get_members(bench))},
    S;
handle(_, S) -> S.

seen() ->
    receive {seen, N} -> N after 30000 -> error(b_did_not_answer) end.

a([PeerShort, NStr]) ->
    Peer = bench_lib:peer(PeerShort),
    bench_lib:run("bench_pg a", [Peer], fun() -> a(Peer, list_to_integer(NStr)) end).

a(Peer, N) ->
    {ok, _} = pg:start(pg),
    true = net_kernel:connect_node(Peer),
    {bench, Peer} ! {hello, self()},
    receive ready -> ok end,
    P = self(),
    ok = pg:join(bench_mark, P),
    seen(),
    ok = pg:leave(bench_mark, P),
    pairs(P, 1000),
    T0 = bench_lib:now_ns(),
    pairs(P, N),
    ok = pg:join(bench_mark, P),
    Left = seen(),
    T1 = bench_lib:now_ns(),
    Left =:= 0 orelse error({members_left_on_b, Left}),
    bench_lib:report("pg_pairs_per_s", N / ((T1 - T0) / 1.0e9)).

pairs(_, 0) -> ok;
pairs(P, I) ->
    ok = pg:join(bench, P),
    ok = pg:leave(bench, P),
    pairs(P, I - 1).
