"""Converts the RE2 patterns of templates/rules/*.yaml for Python `re`
(bench/baseline.py) and for GNU `grep -E` (bench/grep-floor).

Only the RE2 syntax the rule files use needs to survive: flag groups
((?i), (?i:...)), non-capturing and named groups, \\d \\s \\w \\b, \\pL /
\\p{L} classes (also inside brackets), lazy quantifiers, escaped
punctuation. Anything else unusual makes to_ere() return None so the
caller can skip that pattern and say so.
"""

LETTERS_PY = "A-Za-zÀ-ÖØ-öø-ɏͰ-ϿЀ-ӿ"  # \pL inside a Python bracket, approximately
POSIX_PY = {"alpha": "a-zA-Z", "digit": "0-9", "alnum": "a-zA-Z0-9", "space": r"\s",
            "upper": "A-Z", "lower": "a-z", "word": r"\w", "xdigit": "0-9A-Fa-f"}
ERE_SPECIAL = set(".[]()*+?{}|^$\\")


def tokenize(p):
    """[(kind, text)]: kind in lit, esc, class (\\pX), bracket, group, flags, close."""
    out, i = [], 0
    while i < len(p):
        c = p[i]
        if c == "\\" and i + 1 < len(p):
            n = p[i + 1]
            if n in "pP":
                if p[i + 2:i + 3] == "{":
                    j = p.index("}", i)
                    out.append(("class", n + p[i + 3:j]))
                    i = j + 1
                else:
                    out.append(("class", n + p[i + 2]))
                    i += 3
                continue
            out.append(("esc", n))
            i += 2
        elif c == "[":
            j, items = i + 1, []
            negated = p[j:j + 1] == "^"
            j += negated
            first = True
            while j < len(p) and (p[j] != "]" or first):
                if p[j] == "\\":
                    if p[j + 1] in "pP":
                        k = p.index("}", j) + 1 if p[j + 2] == "{" else j + 3
                        items.append(("class", p[j + 1] + p[j + 2:k].strip("{}")))
                        j = k
                    else:
                        items.append(("esc", p[j + 1]))
                        j += 2
                elif p.startswith("[:", j):
                    k = p.index(":]", j) + 2
                    items.append(("posix", p[j + 2:k - 2]))
                    j = k
                else:
                    items.append(("lit", p[j]))
                    j += 1
                first = False
            out.append(("bracket", (negated, items)))
            i = j + 1
        elif p.startswith("(?P<", i) or p.startswith("(?<", i) and p[i + 3:i + 4] not in "=!":
            j = p.index(">", i)
            out.append(("group", p[i:j + 1]))
            i = j + 1
        elif p.startswith("(?", i):
            j = i + 2
            while j < len(p) and p[j] not in ":)":
                j += 1
            head = p[i:j + 1]
            out.append(("flags" if head.endswith(")") else "group", head))
            i = j + 1
        else:
            out.append(("lit", c))
            i += 1
    return out


# ---------------------------------------------------------------- Python

def to_python(pattern):
    """(pattern, flags) for re.compile."""
    import re
    flags, out = 0, []
    for kind, t in tokenize(pattern):
        if kind == "flags":
            flags |= re.I if "i" in t else 0
        elif kind == "class":
            out.append(_py_class(t))
        elif kind == "esc":
            out.append(r"\Z" if t == "z" else "\\" + t)
        elif kind == "bracket":
            out.append(_py_bracket(*t))
        else:
            out.append(t)
    return "".join(out), flags


def _py_class(t):
    neg, name = t[0] == "P", t[1:]
    body = {"L": r"^\W\d_", "Lu": "A-ZÀ-ÖØ-Þ", "Ll": "a-zß-öø-ÿ", "N": r"\d"}.get(name, r"^\W\d_")
    if body.startswith("^"):
        return f"[{body[1:]}]" if neg else f"[{body}]"
    return f"[^{body}]" if neg else f"[{body}]"


def _py_bracket(negated, items):
    if len(items) == 1 and items[0][0] == "class":  # [\p{L}]: the class alone
        t = items[0][1]
        return _py_class(({"p": "P", "P": "p"}[t[0]] + t[1:]) if negated else t)
    parts = []
    for kind, t in items:
        if kind == "class":
            parts.append(LETTERS_PY if t[1:] in ("L", "Lu", "Ll") else r"\w")
        elif kind == "posix":
            parts.append(POSIX_PY.get(t, r"\w"))
        elif kind == "esc":
            parts.append("\\" + t)
        else:
            parts.append("\\" + t if t in "[]\\" else t)
    return "[" + ("^" if negated else "") + "".join(parts) + "]"


# ---------------------------------------------------------------- grep -E

ERE_ESC = {"d": "[0-9]", "D": "[^0-9]", "s": "[[:space:]]", "S": "[^[:space:]]",
           "w": r"\w", "W": r"\W", "b": r"\b", "B": r"\B", "A": "^", "z": "$", "t": "\t"}
ERE_CLASS = {"L": "alpha", "Lu": "upper", "Ll": "lower", "N": "digit"}


def to_ere(pattern):
    """(pattern, ignore_case) for GNU grep -E, or None when not convertible."""
    icase, out, prev = False, [], None
    for kind, t in tokenize(pattern):
        if kind == "flags":
            icase |= "i" in t
            continue
        if kind == "group":
            icase |= "i" in t and not t.startswith(("(?P<", "(?<"))
            out.append("(")
        elif kind == "class":
            name = ERE_CLASS.get(t[1:])
            if name is None:
                return None
            out.append(f"[{'^' if t[0] == 'P' else ''}[:{name}:]]")
        elif kind == "esc":
            if t in ERE_ESC:
                out.append(ERE_ESC[t])
            elif t in ERE_SPECIAL:
                out.append("\\" + t)
            elif t.isalnum():
                return None  # \x, \Q, \n ...: not in the rule files; skip rather than guess
            else:
                out.append(t)
        elif kind == "bracket":
            b = _ere_bracket(*t)
            if b is None:
                return None
            out.append(b)
        elif t == "?" and prev in ("*", "+", "?", "}"):
            pass  # lazy quantifier: grep has only greedy ones, same lines match
        else:
            out.append(t)
        prev = t if kind == "lit" else None
    return "".join(out), icase


def _ere_bracket(negated, items):
    close = dash = caret = False
    parts = []
    for kind, t in items:
        if kind == "class":
            name = ERE_CLASS.get(t[1:])
            if name is None or t[0] == "P":
                return None
            parts.append(f"[:{name}:]")
        elif kind == "posix":
            parts.append(f"[:{t}:]")
        elif kind == "esc":
            if t in "dsw":
                parts.append({"d": "0-9", "s": "[:space:]", "w": "[:alnum:]_"}[t])
            elif t in "DSW" or t.isalnum() and t not in "t":
                return None
            elif t == "]":
                close = True
            elif t == "-":
                dash = True
            elif t == "^":
                caret = True
            else:
                parts.append("\t" if t == "t" else t)
        elif t == "]":
            close = True
        else:
            parts.append(t)
    body = ("]" if close else "") + "".join(parts) + ("^" if caret else "") + ("-" if dash else "")
    if not body:
        return None
    if body.startswith("^") and not negated:
        body = body[1:] + "^" if len(body) > 1 else "\\^"
        if body == "\\^":
            return "\\^"
    return "[" + ("^" if negated else "") + body + "]"
