// The partner app's own script: mounts the widget where the worker asked for it and logs the
// coarse events, which is all the host page ever learns.
const container = document.getElementById('widget');
const log = document.getElementById('events');
let widget;

function open() {
  widget?.unmount();
  widget = window.Ezhili.mount(container, {
    baseUrl: container.dataset.regulator,
    partnerId: container.dataset.partner,
    locale: document.getElementById('locale').value,
    page: document.getElementById('page').value,
    theme: { accent: '#0b5cad', radius: 8 },
    onEvent(event) {
      const item = document.createElement('li');
      item.textContent = `${new Date().toLocaleTimeString()} ${JSON.stringify(event)}`;
      log.append(item);
      if (event.type === 'closed') {
        widget.unmount();
        widget = undefined;
      }
    },
  });
}

document.getElementById('open').addEventListener('click', open);
