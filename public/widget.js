/*
 * Civic Budget results widget. Usage on any site:
 *   <script src="https://CITY/widget.js" data-campaign="SLUG" data-lang="en" async></script>
 * Inserts an iframe of /embed/campaigns/SLUG/results right after the script tag and keeps its
 * height equal to the content's (the embedded page posts its height; only messages from our own
 * origin and from that iframe are accepted).
 */
;(function () {
  var script = document.currentScript
  if (!script || !script.getAttribute('data-campaign')) return
  var slug = script.getAttribute('data-campaign')
  var origin = new URL(script.src, document.baseURI).origin
  var src = origin + '/embed/campaigns/' + encodeURIComponent(slug) + '/results'
  var lang = script.getAttribute('data-lang')
  if (lang) src += '?lang=' + encodeURIComponent(lang)

  var frame = document.createElement('iframe')
  frame.src = src
  frame.title = script.getAttribute('data-title') || 'Participatory budget results'
  frame.loading = 'lazy'
  frame.style.cssText = 'width:100%;max-width:720px;border:0;display:block;height:320px'
  script.parentNode.insertBefore(frame, script.nextSibling)

  window.addEventListener('message', function (event) {
    var data = event.data
    if (event.origin !== origin || event.source !== frame.contentWindow) return
    if (!data || data.type !== 'civic-budget:results-height' || data.slug !== slug) return
    var height = Number(data.height)
    if (height > 0 && height < 20000) frame.style.height = Math.ceil(height) + 'px'
  })
})()
