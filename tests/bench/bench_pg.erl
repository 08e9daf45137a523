%% tests/bench/bench_pg.erl: pg join/leave pairs per second on node A,
%% counted until node B sees the final state; the faithful equivalent of
%% pg.lua (see its comments). Each node starts pg's default scope. Run as
%%   erl -sname B ... -run bench_pg b
%%   erl -sname A ... -run bench_pg a PEER N
%% printing the "name value" line of the Lua side: pg_pairs_per_s.
%% By hand (erlc -o /tmp tests/bench/bench_pg.erl; an epmd on port 4400):
%%   ERL_EPMD_PORT=4400 erl -noshell +S 1 -start_epmd false -setcookie bench \
%%     -pa /tmp -sname epgb -run bench_pg b &
%%   ERL_EPMD_PORT=4400 erl -noshell +S 1 -start_epmd false -setcookie bench \
%%     -pa /tmp -sname epga -run bench_pg a epgb 100000
-module(bench_pg).
-export([b/0, a/1]).

b() ->
    {ok, _} = pg:start(pg),
    register(bench, spawn(fun() ->
        receive {hello, From} -> ok end,
        {Ref, _} = pg:monitor(bench_mark),
        From ! ready,
        serve(Ref, From)
    end)).

serve(Ref, From) ->
    receive
        stop -> erlang:halt(0);
        {Ref, join, bench_mark, _} -> From ! {seen, length(pg:get_members(bench))};
        _ -> ok
    end,
    serve(Ref, From).

report(Name, Value) ->
    io:format("~s ~.6g~n", [Name, float(Value)]).

now_ns() -> erlang:monotonic_time(nanosecond).

seen() ->
    receive {seen, N} -> N after 30000 -> error(b_did_not_answer) end.

%% Any error ends the node with status 1 (and no crash dump to wait for).
a(Args) ->
    try a1(Args)
    catch Class:Reason:Stack ->
        io:format(standard_error, "bench_pg a: ~p:~p ~p~n", [Class, Reason, Stack]),
        erlang:halt(1)
    end.

a1([PeerShort, NStr]) ->
    [_, Host] = string:split(atom_to_list(node()), "@"),
    Peer = list_to_atom(PeerShort ++ "@" ++ Host),
    N = list_to_integer(NStr),
    {ok, _} = pg:start(pg),
    true = net_kernel:connect_node(Peer),
    {bench, Peer} ! {hello, self()},
    receive ready -> ok end,
    P = self(),
    ok = pg:join(bench_mark, P),
    seen(),
    ok = pg:leave(bench_mark, P),
    pairs(P, 1000),
    T0 = now_ns(),
    pairs(P, N),
    ok = pg:join(bench_mark, P),
    Left = seen(),
    T1 = now_ns(),
    Left =:= 0 orelse error({members_left_on_b, Left}),
    report("pg_pairs_per_s", N / ((T1 - T0) / 1.0e9)),
    {bench, Peer} ! stop,
    timer:sleep(50),
    erlang:halt(0).

pairs(_, 0) -> ok;
pairs(P, I) ->
    ok = pg:join(bench, P),
    ok = pg:leave(bench, P),
    pairs(P, I - 1).
