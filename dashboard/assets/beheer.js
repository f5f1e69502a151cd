// The Beheer page sends uploaded files to the same API a script uses (POST /api/v1/uploads),
// one request per file: a callback request could not carry a file larger than
// MAX_REQUEST_BYTES. The browser adds the steward's login and the page's origin.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    beheer: {
        upload: async function (contents, names) {
            if (!contents) {
                return window.dash_clientside.no_update;
            }
            const sent = [];
            for (let i = 0; i < contents.length; i++) {
                // a data: URL from dcc.Upload; decoded here, as the policy allows no fetch of it
                const text = atob(contents[i].slice(contents[i].indexOf(",") + 1));
                const bytes = new Uint8Array(text.length);
                for (let j = 0; j < text.length; j++) {
                    bytes[j] = text.charCodeAt(j);
                }
                const form = new FormData();
                form.append("file", new Blob([bytes]), names[i]);
                let status = 0;
                let body = {};
                try {
                    const response = await fetch("/api/v1/uploads", {
                        method: "POST", body: form, credentials: "same-origin"});
                    status = response.status;
                    body = await response.json();
                } catch (err) {
                    body = {error: String(err)};
                }
                sent.push({file: names[i], status: status, body: body});
            }
            return {at: Date.now(), sent: sent};
        }
    }
});
