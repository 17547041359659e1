"""No two modules of the site import each other, directly or round a longer loop.

The layer contract (lint-imports) checks imports between apps; this checks the modules inside
an app too (a service that queues a job whose module imports the service back). grimp reads
every import, including those inside functions, so an import moved into a function to dodge
a cycle still counts. Test modules are left out: they exercise the whole site.
"""

import grimp


def _site_graph() -> dict[str, set[str]]:
    graph = grimp.build_graph("hiroba", cache_dir=None)
    modules = {name for name in graph.modules if ".tests" not in name and "conftest" not in name}
    return {
        name: {other for other in graph.find_modules_directly_imported_by(name) if other in modules}
        for name in modules
    }


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


def test_the_cycle_finder_finds_a_loop():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(edges) == [["a", "b", "c"]]


def test_no_module_imports_itself_round_a_loop():
    edges = _site_graph()
    loops = [
        f"{', '.join(group)}: "
        + "; ".join(f"{a} -> {b}" for a in group for b in sorted(edges[a] & set(group)))
        for group in _cycles(edges)
    ]
    assert loops == []
