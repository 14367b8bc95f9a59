// window.weft is the runtime's bridge (app.withGlobalWeft in weft.conf.json).
const { invoke } = window.weft;

const form = document.querySelector('#greet-form');
const name = document.querySelector('#greet-name');
const message = document.querySelector('#greet-message');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    message.textContent = await invoke('greet', { name: name.value });
  } catch (error) {
    message.textContent = `greet failed: ${error.message}`;
  }
});
