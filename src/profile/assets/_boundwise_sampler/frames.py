"""Stack walking and the profile tree: every sampled stack becomes a path of nodes in the V8
.cpuprofile shape (node 1 is the root; a node per caller, code and line)."""
from .files import OWN_FILES, PACKAGE_DIR

# Instructions where the interpreter checks whether to hand the GIL over, in loops and at a
# function's start (3.8 to 3.13 names; those a version lacks are skipped).
LOOP_CHECKPOINTS = (
    "JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT", "JUMP_ABSOLUTE", "RESUME", "FOR_ITER",
    "POP_JUMP_BACKWARD_IF_FALSE", "POP_JUMP_BACKWARD_IF_TRUE", "POP_JUMP_BACKWARD_IF_NONE", "POP_JUMP_BACKWARD_IF_NOT_NONE",
)
_loop_ops = None


class FrameAt:
    """A frame's code and line at one moment (the frame itself moves on)."""
    __slots__ = ("f_code", "f_lineno")

    def __init__(self, code, line):
        self.f_code = code
        self.f_lineno = line


def stack_of(frame, main):
    """The frames from the outermost to `frame`, without the sampler's own: on the main thread the
    sampler's and runpy's frames below the script, on any thread a wrapper of ours at the leaf."""
    stack = []
    f = frame
    while f is not None:
        stack.append(f)
        f = f.f_back
    stack.reverse()
    if main:
        # Drop the sampler's and runpy's own frames below the script's module frame.
        i = 0
        while i < len(stack) and (stack[i].f_code.co_filename in OWN_FILES or stack[i].f_code.co_filename.startswith(PACKAGE_DIR)):
            i += 1
        # Only the sampler's own frames (its start-up or its final join): not the script.
        stack = stack[i:]
    # The counting wrappers (time.sleep, socket sends, pickling) are ours too: the caller is the leaf.
    while stack and stack[-1].f_code.co_filename.startswith(PACKAGE_DIR):
        stack.pop()
    return stack


def at_loop_checkpoint(frame, code_bytes):
    """Whether the frame stands at a loop's backward jump (or a function's start), where the
    interpreter hands the GIL over between bytecodes, rather than inside one instruction.
    code_bytes: id(code) -> (code, its bytecode), kept by the caller from tick to tick."""
    global _loop_ops
    if _loop_ops is None:
        import opcode

        _loop_ops = frozenset(opcode.opmap[n] for n in LOOP_CHECKPOINTS if n in opcode.opmap)
    code = frame.f_code
    cached = code_bytes.get(id(code))
    if cached is None or cached[0] is not code:
        cached = code_bytes[id(code)] = (code, code.co_code)
    i = frame.f_lasti
    return 0 <= i < len(cached[1]) and cached[1][i] in _loop_ops


class ProfileTree:
    """The profile's nodes, with each thread's last path kept to find the next sample's leaf fast."""

    def __init__(self):
        self.nodes = [{"id": 1, "callFrame": {"functionName": "(root)", "scriptId": "0", "url": "", "lineNumber": -1, "columnNumber": -1}, "hitCount": 0, "children": []}]
        # Children keyed by (parent, id(code), line).
        self.node_index = {}
        self.node_codes = []
        # Per thread, the last sample's path from the root: [(code, line, node id)]. A stack keeps
        # most of its frames from one tick to the next; those are matched by identity, not hashed.
        self.last_paths = {}

    def node_for(self, parent, code, line):
        # Keyed by the code object's id, not the object: hashing a code object hashes its bytecode
        # and constants, at every frame of every sample. node_codes keeps each one alive, so its
        # id is not reused.
        key = (parent, id(code), line)
        nid = self.node_index.get(key)
        if nid is None:
            nid = len(self.nodes) + 1
            self.node_index[key] = nid
            self.node_codes.append(code)
            name = getattr(code, "co_qualname", code.co_name)
            self.nodes.append({
                "id": nid,
                "callFrame": {"functionName": name, "scriptId": "0", "url": code.co_filename, "lineNumber": line - 1, "columnNumber": 0},
                "hitCount": 0,
                "children": [],
            })
            self.nodes[parent - 1]["children"].append(nid)
        return nid

    def leaf_node(self, ident, stack):
        """The profile node of the stack's leaf, reusing the part of the thread's last path it shares."""
        last = self.last_paths.get(ident) or ()
        path = []
        parent = 1
        same = True
        for depth, f in enumerate(stack):
            code = f.f_code
            line = f.f_lineno or code.co_firstlineno
            if same and depth < len(last):
                step = last[depth]
                if step[0] is code and step[1] == line:
                    parent = step[2]
                    path.append(step)
                    continue
                same = False
            parent = self.node_for(parent, code, line)
            path.append((code, line, parent))
        self.last_paths[ident] = path
        return parent
