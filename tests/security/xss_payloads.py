"""The XSS corpus: what an attacker types into any field a reader or a journalist fills in.

One list for the whole suite (tests/comments/test_xss.py, tests/security/). Each entry is a
string as it would arrive in a form field; the checker (tests/security/inert.py) decides whether
the page that shows it is still inert.
"""

TAB, NL, CR = "\t", "\n", "\r"
RLO, PDF, RLI, PDI, LRO = "\u202e", "\u202c", "\u2067", "\u2069", "\u202d"

# Plain script and style, and the classic filter evasions.
SCRIPT_AND_STYLE = [
    "<script>alert(1)</script>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<script src=https://evil.example/x.js></script>",
    "<script>alert(1)",  # never closed
    "<script/xss src=//evil.example/x.js></script>",
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "java%00script:alert(1) <scr%00ipt>alert(1)</scr%00ipt>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "</script><img src=x onerror=alert(1)>",
    '<style>body{background:url("javascript:alert(1)")}</style>',
    "<style>@import 'https://evil.example/x.css';</style>",
    "<STYLE>li {list-style-image: url(javascript:alert(1));}</STYLE><li>x",
    '<div style="width: expression(alert(1))">x</div>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<link rel="stylesheet" href="javascript:alert(1)">',
]

# Event handlers on every kind of element.
EVENT_HANDLERS = [
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)">',
    "<IMG SRC=x OnErRoR=alert(1)>",
    "<img src=x onerror=alert`1`>",
    "<img/src/onerror=alert(1)>",
    "<img src=x:alert(1) onerror=eval(src)>",
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<select autofocus onfocus=alert(1)></select>",
    "<textarea autofocus onfocus=alert(1)></textarea>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<div onpointerover=alert(1)>hover</div>",
    "<a href=https://example.com onclick=alert(1)>click</a>",
    "<p onmouseover=alert(1)>x</p>",
    "<img src=x one\trror=alert(1)>",
    "<img src=x onerror\n=alert(1)>",
    "<x onclick=alert(1)>click me",
]

# Dangerous URL schemes: plain, mixed case, entity-encoded, with white space inside.
SCHEMES = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "  javascript:alert(document.cookie)",
    f"java{TAB}script:alert(1)",
    f"java{NL}script:alert(1)",
    f"java{CR}script:alert(1)",
    "\x01javascript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "jav&#x0A;ascript:alert(1)",
    "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)",
    "&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)",
    "javascript&colon;alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>",
    "data:image/svg+xml,<svg onload=alert(1)>",
    "vbscript:msgbox(1)",
    "VbScRiPt:msgbox(1)",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="  jav&#x09;ascript:alert(1)">click</a>',
    '<a href="&#x6A;avascript:alert(1)">click</a>',
    '<a href="java\tscript:alert(1)">click</a>',
    '<a href="JAVASCRIPT&colon;alert(1)">click</a>',
    '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">click</a>',
    '<a href="vbscript:msgbox(1)">click</a>',
    '<a href="&#1;javascript:alert(1)">click</a>',
    "<img src=javascript:alert(1)>",
    '<img srcset="javascript:alert(1) 1x, x 2x">',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>">',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:text/html,<script>alert(1)</script>">',
    "<form><button formaction=javascript:alert(1)>x</button></form>",
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "[click](javascript:alert(1))",
    "https://example.com/<script>alert(1)</script>",
    'https://example.com/"onmouseover="alert(1)',
    "https://example.com/' onmouseover='alert(1)",
    'www.example.com/"><svg/onload=alert(1)>',
    "javascript://example.com/%0Aalert(1)",
]

# SVG and MathML: namespace confusion and mutation XSS.
FOREIGN_CONTENT = [
    "<svg><script>alert(1)</script></svg>",
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<svg><a xlink:href=javascript:alert(1)><text y=20>x</text></a></svg>",
    '<svg><use href="data:image/svg+xml,<svg id=x onload=alert(1)>#x"/></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><set attributeName=href to=javascript:alert(1)>",
    '<svg></p><style><a id="</style><img src=x onerror=alert(1)>">',
    "<svg><foreignObject><img src=x onerror=alert(1)></foreignObject></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<math><mtext><table><mglyph><style><!--</style>"
    '<img title="--&gt;&lt;img src=x onerror=alert(1)&gt;">',
    '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
    "<math href=javascript:alert(1)>click</math>",
    "<form><math><mtext></form><form><mglyph><style></math><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    "<template><img src=x onerror=alert(1)></template>",
    "<svg><template><img src=x onerror=alert(1)></template></svg>",
    '<noembed><img title="</noembed><img src=x onerror=alert(1)>"></noembed>',
    '<xmp><p title="</xmp><img src=x onerror=alert(1)>">',
    '<listing><img title="</listing><img src=x onerror=alert(1)>"></listing>',
]

# Broken markup, attribute breakouts, comments and CDATA.
BREAKOUTS = [
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
    '" autofocus onfocus="alert(1)',
    "`><img src=x onerror=alert(1)>",
    '"></a><a href="javascript:alert(1)">x</a>',
    '<img src="x"" onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    "<a href='https://example.com",
    "<p><b><i>never closed",
    "<!--<img src=x onerror=alert(1)>-->",
    "--><img src=x onerror=alert(1)><!--",
    "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->",
    "<![CDATA[<img src=x onerror=alert(1)>]]>",
    "<svg><![CDATA[><img src=x onerror=alert(1)>]]></svg>",
    '<?xml version="1.0"?><img src=x onerror=alert(1)>',
    "</p></div></article><img src=x onerror=alert(1)>",
    "{{ 7*7 }} {% debug %} ${alert(1)}",
    '{"a":"</script><script>alert(1)</script>"}',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&amp;lt;img src=x onerror=alert(1)&amp;gt;",
    "\x00<script>alert(1)</script>",
]

# Bidirectional overrides: a name that turns the text after it around.
BIDI = [
    f"{RLO}<script>alert(1)</script>{PDF}",
    f"أبو خالد{RLO}gpj.exe",
    f"{RLO}moc.elpmaxe.www",
    f"Sara{RLI}ةراس",
    f"{LRO}admin{PDF} {RLO}",
    f"مراسل{RLO}",
]

PAYLOADS = [*SCRIPT_AND_STYLE, *EVENT_HANDLERS, *SCHEMES, *FOREIGN_CONTENT, *BREAKOUTS, *BIDI]

assert len(PAYLOADS) == len(set(PAYLOADS)), "the corpus has a duplicate"
