// The check of assert_dutch_page (demo_dutch.py), run in the browser on one page:
// the visible text without English markers, the company logo not Odoo's default.
// __PAGE__, __READY__ and __PATTERN__ are filled in by the test (JSON).
(async () => {
    const page = __PAGE__;
    const ready = __READY__;
    const markers = new RegExp(__PATTERN__, "gi");
    const until = Date.now() + 40000;
    while (!document.querySelector(ready)) {
        if (Date.now() > until) {
            console.error(`${page}: the page did not show ${ready}`);
            return;
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // a signature pad loads its library first: wait for it, so that no load is
    // cut off when the browser closes
    const pads = '[name="portal.signature_form"]';
    while (document.querySelector(pads) && !document.querySelector(`${pads} > *`)) {
        if (Date.now() > until) {
            console.error(`${page}: the signature pad did not load`);
            return;
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // what the page loads after its first records (counters, chatter) too
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const text = document.body.innerText.replace(/\s+/g, " ");
    const hits = [];
    for (const match of text.matchAll(markers)) {
        const at = match.index;
        hits.push(`'${match[0]}' in "...${text.slice(Math.max(0, at - 50), at + match[0].length + 50)}..."`);
    }
    const logos = [...document.querySelectorAll("img")].filter(
        (img) => /\/logo(\.png)?\?company=|company_logo/.test(img.getAttribute("src") || "")
    );
    if (logos.length) {
        const bytes = async (src) => new Uint8Array(await (await fetch(src)).arrayBuffer());
        const fallback = await bytes("/base/static/img/res_company_logo.png");
        for (const img of logos) {
            const shown = await bytes(img.getAttribute("src"));
            if (shown.length === fallback.length && shown.every((b, i) => b === fallback[i])) {
                hits.push(`the company logo ${img.getAttribute("src")} is Odoo's "Your logo" image`);
            }
        }
    }
    if (hits.length) {
        console.error(`English demo text on ${page} (${location.pathname}): ` + hits.join(" | "));
    } else {
        console.log("test successful");
    }
})();
