%% tests/bench/bench_global.erl: global register/unregister pairs per second
%% in a three-node cluster, the faithful equivalent of global.lua (see its
%% comments). Run as
%%   erl -sname B ... -run bench_global serve
%%   erl -sname A ... -run bench_global a N PEER...
%% printing the "name value" line global_pairs_per_s.
-module(bench_global).
-export([serve/0, a/1]).

serve() ->
    register(bench, spawn(fun() -> receive stop -> erlang:halt(0) end end)).

report(Name, Value) ->
    io:format("~s ~.6g~n", [Name, float(Value)]).

now_ns() -> erlang:monotonic_time(nanosecond).

a(Args) ->
    try a1(Args)
    catch Class:Reason:Stack ->
        io:format(standard_error, "bench_global a: ~p:~p ~p~n", [Class, Reason, Stack]),
        erlang:halt(1)
    end.

a1([NStr | PeerShorts]) ->
    [_, Host] = string:split(atom_to_list(node()), "@"),
    Peers = [list_to_atom(P ++ "@" ++ Host) || P <- PeerShorts],
    N = list_to_integer(NStr),
    [true = net_kernel:connect_node(P) || P <- Peers],
    ok = global:sync(),
    pairs(warm, 50),
    T0 = now_ns(),
    pairs(bench, N),
    T1 = now_ns(),
    report("global_pairs_per_s", N / ((T1 - T0) / 1.0e9)),
    [{bench, P} ! stop || P <- Peers],
    timer:sleep(50),
    erlang:halt(0).

pairs(_, 0) -> ok;
pairs(Tag, I) ->
    Name = {Tag, I},
    yes = global:register_name(Name, self()),
    _ = global:unregister_name(Name),
    pairs(Tag, I - 1).
