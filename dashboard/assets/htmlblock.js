// dashboard.components.HtmlBlock: a block of HTML the server wrote (a table, every text in it
// escaped there), set as it is. dcc.Markdown, which drew these before, parsed each one with a
// Markdown and a JSX parser, and again once its code highlighter had loaded.
window.participatiemonitor = Object.assign({}, window.participatiemonitor, {
    HtmlBlock: function HtmlBlock(props) {
        var html = Array.isArray(props.children) ? props.children.join("\n") : props.children;
        return window.React.createElement("div", {
            id: props.id,
            className: props.className,
            style: props.style,
            dangerouslySetInnerHTML: {__html: html || ""},
        });
    },
});
