// Sends the name to the C++ `greet` command (src/main.cpp) and shows the reply.
const form = document.querySelector('#greet-form');
const nameInput = document.querySelector('#greet-name');
const message = document.querySelector('#greet-msg');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    message.textContent = await window.weft.invoke('greet', { name: nameInput.value });
  } catch (error) {
    message.textContent = `greet failed: ${error}`;
  }
});
